export {};
//# sourceMappingURL=socket.js.map