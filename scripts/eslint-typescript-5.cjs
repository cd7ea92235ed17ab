// typescript-eslint parses with TypeScript's JavaScript API, which TypeScript 7 (the native
// compiler the project type-checks with) no longer ships. So the linter alone gets TypeScript 5.9,
// installed as the alias `typescript-for-lint`: every `require('typescript')` made from inside
// node_modules while ESLint runs resolves there. The project's own code never asks for it.
const Module = require('node:module');
const path = require('node:path');

const resolveFilename = Module._resolveFilename;
const insideDependencies = `${path.sep}node_modules${path.sep}`;
Module._resolveFilename = function resolveTypeScriptForLint(request, parent, ...rest) {
  if ((request === 'typescript' || request.startsWith('typescript/')) && parent?.filename?.includes(insideDependencies)) {
    return resolveFilename.call(this, request.replace(/^typescript/, 'typescript-for-lint'), parent, ...rest);
  }
  return resolveFilename.call(this, request, parent, ...rest);
};
