// One lint setup for the whole monorepo.
// Module boundaries are enforced here (STYLE.md "worth avoiding" 5):
//  - packages/* never import apps/*;
//  - a server module talks to another through its service, never its repo, routes or tables;
//  - the web app never imports server code.
import tseslint from 'typescript-eslint';

const crossModuleInternals = {
  group: ['../*/*.repo', '../*/*.repo.js', '../*/*.routes', '../*/*.routes.js', '../*/*.jobs', '../*/*.jobs.js'],
  message: 'Một module chỉ gọi module khác qua service của nó (X.service.ts), không qua repo/routes/jobs.',
};

export default tseslint.config(
  { ignores: ['**/node_modules/**', '**/dist/**', 'data/**', 'artifacts/**'] },
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/no-explicit-any': 'error',
    },
  },
  {
    files: ['packages/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [{ group: ['**/apps/**', '@vanthu/server', '@vanthu/web', '@vanthu/hub'], message: 'Gói trong packages/ không được phụ thuộc vào apps/.' }] }],
    },
  },
  {
    files: ['apps/server/src/modules/**/*.ts'],
    rules: { 'no-restricted-imports': ['error', { patterns: [crossModuleInternals] }] },
  },
  {
    files: ['apps/web/**/*.{ts,tsx}'],
    rules: { 'no-restricted-imports': ['error', { patterns: [{ group: ['**/apps/server/**', '@vanthu/server', '@vanthu/pades', '@vanthu/edxml'], message: 'Giao diện web chỉ gọi API HTTP.' }] }] },
  },
  {
    files: ['**/*.test.ts', 'e2e/**/*.ts', 'bench/**/*.ts'],
    rules: { '@typescript-eslint/no-non-null-assertion': 'off' },
  },
);
