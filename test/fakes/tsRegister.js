/**
 * Lets `node -r ./test/fakes/tsRegister.js src/cli/main.ts …` run the TypeScript sources directly, so a test can
 * start the real CLI as a separate process (signals, exit codes) without a build. Type checking is `npm test`'s job.
 */
const fs = require('node:fs');
const ts = require('typescript');

require.extensions['.ts'] = function compileTypeScript(module, filename) {
  const source = fs.readFileSync(filename, 'utf8');
  const { outputText } = ts.transpileModule(source, {
    fileName: filename,
    compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022, esModuleInterop: true, resolveJsonModule: true },
  });
  module._compile(outputText, filename);
};
