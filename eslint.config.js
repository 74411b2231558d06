// ESLint for the whole TypeScript tree: typescript-eslint's type-aware recommended rules (they catch
// unsafe `any` flows, needless assertions and unawaited promises that tsc lets through) plus the
// house's limit of 70 lines per function (TigerBeetle's TIGER_STYLE; /work/shared/STYLE.md).
//   npm run lint
import js from '@eslint/js';
import { defineConfig } from 'eslint/config';
import { builtinRules } from 'eslint/use-at-your-own-risk';
import tseslint from 'typescript-eslint';

const LINES_PER_FUNCTION = { max: 70, skipBlankLines: true, skipComments: true };

/** True for the callback of `describe(...)` (and `describe.each(...)(...)`, `describe.sequential(...)`). */
function isDescribeCallback(node) {
  const call = node.parent;
  if (call?.type !== 'CallExpression' || !call.arguments.includes(node)) return false;
  let callee = call.callee;
  while (callee.type === 'MemberExpression' || callee.type === 'CallExpression') {
    callee = callee.type === 'MemberExpression' ? callee.object : callee.callee;
  }
  return callee.type === 'Identifier' && callee.name === 'describe';
}

// max-lines-per-function for tests: a `describe` callback only groups `it` cases (it is never a unit of
// logic), so it is exempt; every `it` body and helper keeps the 70-line limit.
const core = builtinRules.get('max-lines-per-function');
const testLines = {
  meta: { ...core.meta, docs: { description: 'max-lines-per-function, describe() callbacks exempt' } },
  create(context) {
    const listeners = core.create(context);
    return Object.fromEntries(
      Object.entries(listeners).map(([selector, listener]) => [
        selector,
        (node) => (isDescribeCallback(node) ? undefined : listener(node)),
      ]),
    );
  },
};

export default defineConfig(
  { ignores: ['node_modules/', 'reports/out/', 'hafault-out/', '.vitest-cache/', 'dist/'] },
  js.configs.recommended,
  tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      'max-lines-per-function': ['error', LINES_PER_FUNCTION],
      // `const { trace: _trace, ...rest } = f` is how the code drops a field from a copy.
      '@typescript-eslint/no-unused-vars': ['error', { ignoreRestSiblings: true }],
    },
  },
  {
    files: ['**/*.test.ts'],
    plugins: { house: { rules: { 'max-lines-per-function': testLines } } },
    rules: {
      'max-lines-per-function': 'off',
      'house/max-lines-per-function': ['error', LINES_PER_FUNCTION],
      // Tests read the CLI's JSON output (JSON.parse is `any`) and use vitest's asymmetric matchers
      // (`expect.any(Number)`, `expect.stringContaining(...)`), which vitest types as `any`. A wrong shape
      // fails the `expect` that reads it; a cast would only restate the assertion.
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-unsafe-call': 'off',
      '@typescript-eslint/no-unsafe-argument': 'off',
      '@typescript-eslint/no-unsafe-return': 'off',
    },
  },
  {
    // Plain JavaScript outside tsconfig (this file, bin/hafault.js): lint it without type information.
    files: ['**/*.js'],
    extends: [tseslint.configs.disableTypeChecked],
    languageOptions: { globals: { console: 'readonly', URL: 'readonly' } },
  },
);
