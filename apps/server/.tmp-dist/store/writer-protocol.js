export {};
//# sourceMappingURL=writer-protocol.js.map