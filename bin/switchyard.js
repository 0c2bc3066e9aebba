#!/usr/bin/env node
// Thin launcher: the CLI is TypeScript run natively, which needs Node.js 24.
const [major] = process.versions.node.split('.').map(Number);
if (major < 24) {
  console.error(`switchyard needs Node.js 24 or newer (this is ${process.version}). Inside the repository, use "npm start" or "npx switchyard", which run the pinned Node.js.`);
  process.exit(1);
}
await import('../src/cli/main.ts');
