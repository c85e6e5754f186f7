import { ADMIN_VARIABLE, VIEWER_VARIABLE, useSession } from '../../app/session';

/**
 * Says so when the user holds a role only because this browser runs on the server's machine and
 * the role has no token: fine on a laptop, a surprise on a NOC server others can log in to.
 */
export function LocalAccessBadge({ small = false }: { small?: boolean }) {
  const session = useSession()?.session;
  if (!session) return null;
  const variables = [
    session.grants.viewer === 'local' && VIEWER_VARIABLE,
    session.grants.admin === 'local' && ADMIN_VARIABLE,
  ].filter(Boolean);
  if (variables.length === 0) return null;
  const explanation = `Anyone on this machine may use it without a token. Set ${variables.join(' / ')} on the server to open it to the network.`;
  return (
    <span
      className={`local-access${small ? ' local-access-small' : ''}`}
      data-testid="local-access"
      title={explanation}
      tabIndex={0}
    >
      Open to this machine only
      <span className="visually-hidden">. {explanation}</span>
    </span>
  );
}
