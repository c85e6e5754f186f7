interface CliOptions {
    rate: number;
    target: string;
    durationS?: number;
    token?: string;
    syslog?: {
        host: string;
        port: number;
    };
    seed: number;
}
export declare function parseCli(argv: string[], env: Record<string, string | undefined>): CliOptions | string;
export {};
