import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { act, render, screen } from '@testing-library/react';
import type { ApiClient } from './client';
import { ApiProvider, useQuery } from './react';

/** A request the test answers by hand, and whether the view gave up on it. */
interface Pending {
  signal: AbortSignal;
  answer(value: string): void;
}

function Panel({ queryKey, asked }: { queryKey: string; asked: Pending[] }) {
  const { data } = useQuery(
    queryKey,
    (_api, signal) =>
      new Promise<string>((resolve) => {
        asked.push({ signal, answer: resolve });
      }),
    2_000,
  );
  return <p data-testid="panel">{data ?? 'loading'}</p>;
}

function show(queryKey: string, asked: Pending[]) {
  return (
    <ApiProvider api={{} as ApiClient}>
      <Panel queryKey={queryKey} asked={asked} />
    </ApiProvider>
  );
}

describe('a panel that refreshes on a timer', () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('still shows the answer of a server slower than its refresh, instead of asking again and again', async () => {
    const asked: Pending[] = [];
    render(show('summary', asked));
    expect(asked).toHaveLength(1);

    // Three refresh rounds pass while the first answer is still on its way.
    act(() => vi.advanceTimersByTime(6_500));
    expect(asked).toHaveLength(1);
    expect(asked[0]!.signal.aborted).toBe(false);

    await act(async () => asked[0]!.answer('first answer'));
    expect(screen.getByTestId('panel')).toHaveTextContent('first answer');

    // Once it landed, the next round asks again, and its answer replaces the first.
    act(() => vi.advanceTimersByTime(2_000));
    expect(asked).toHaveLength(2);
    await act(async () => asked[1]!.answer('second answer'));
    expect(screen.getByTestId('panel')).toHaveTextContent('second answer');
  });

  it('drops the request of a key it no longer shows, and never shows its answer', async () => {
    const asked: Pending[] = [];
    const { rerender } = render(show('trunk=a', asked));
    rerender(show('trunk=b', asked));
    expect(asked).toHaveLength(2);
    expect(asked[0]!.signal.aborted).toBe(true);

    await act(async () => asked[0]!.answer('answer for a'));
    expect(screen.getByTestId('panel')).toHaveTextContent('loading');
    await act(async () => asked[1]!.answer('answer for b'));
    expect(screen.getByTestId('panel')).toHaveTextContent('answer for b');
  });
});
