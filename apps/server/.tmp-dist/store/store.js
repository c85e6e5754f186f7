/** A database that cannot be opened, read or written; the message says which file and what to do. */
export class StoreOpenError extends Error {
    name = 'StoreOpenError';
}
//# sourceMappingURL=store.js.map