/** Socket peer addresses as operators write them: IPv4-mapped IPv6 becomes plain IPv4. */
export function peerAddress(address) {
    if (!address)
        return 'unknown';
    return address.startsWith('::ffff:') && address.includes('.') ? address.slice(7) : address;
}
//# sourceMappingURL=peer.js.map