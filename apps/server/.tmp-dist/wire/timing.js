export {};
//# sourceMappingURL=timing.js.map