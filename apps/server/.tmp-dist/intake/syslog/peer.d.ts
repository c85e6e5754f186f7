/** Socket peer addresses as operators write them: IPv4-mapped IPv6 becomes plain IPv4. */
export declare function peerAddress(address: string | undefined): string;
