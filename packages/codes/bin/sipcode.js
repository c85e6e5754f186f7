#!/usr/bin/env node
// Needs a build first: pnpm --filter @sipwatch/codes build
import '../dist/cli-main.js';
