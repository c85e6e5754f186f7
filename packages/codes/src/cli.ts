export function runCli(_args: string[], _print: (line: string) => void): number {
  return 0;
}
