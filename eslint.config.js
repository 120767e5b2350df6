// Lint for the whole repository. The import zones encode the layering described in README "Architecture":
// libs/domain depends on nothing of ours; a feature never imports another feature (they meet through
// ports bound in feature-wiring.module.ts, or through domain events); shared infrastructure never
// imports a feature; the dashboard reaches the service only over HTTP and takes no validator code.
import js from '@eslint/js';
import angular from 'angular-eslint';
import { createTypeScriptImportResolver } from 'eslint-import-resolver-typescript';
import importX from 'eslint-plugin-import-x';
import globals from 'globals';
import tseslint from 'typescript-eslint';

const API = './apps/api/src';
const FEATURES = ['incidents', 'environments', 'deployments', 'health', 'access', 'notifications'];
const INFRASTRUCTURE = ['common', 'config', 'database', 'events', 'timeline', 'mcp', 'dashboard', 'metrics'];
const COMPOSITION = ['app.module.ts', 'feature-wiring.module.ts', 'create-app.ts', 'main.ts', 'mcp-stdio.ts'].map((f) => `${API}/${f}`);

const zones = [
  { target: './libs', from: ['./apps', './test', './bench'], message: 'libs/domain is shared by every app and imports none of them.' },
  { target: './apps/api', from: './apps/dashboard', message: 'The service does not import dashboard code.' },
  {
    target: './apps/dashboard',
    from: ['./apps/api', './libs/domain/src/contracts.ts', './libs/domain/src/contract'],
    message:
      'The dashboard talks to the service over HTTP and imports only the types and values of @workflow-mcp/domain (no validator code).',
  },
  ...FEATURES.map((feature) => ({
    target: `${API}/${feature}`,
    from: [...FEATURES.filter((other) => other !== feature).map((other) => `${API}/${other}`), ...COMPOSITION],
    message:
      'A feature does not import another feature: declare a port in this feature and bind it in feature-wiring.module.ts, or listen to a domain event.',
  })),
  ...INFRASTRUCTURE.map((folder) => ({
    target: `${API}/${folder}`,
    from: [...FEATURES.map((feature) => `${API}/${feature}`), ...COMPOSITION],
    message: 'Shared infrastructure does not import features or the composition root: features add themselves (registries, forFeature).',
  })),
];

export default tseslint.config(
  { ignores: ['dist/', 'node_modules/', '.angular/', 'coverage/', 'data/', 'bench/results/', '.scratch/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['**/*.{ts,js,mjs}'],
    languageOptions: { globals: { ...globals.node } },
    plugins: { 'import-x': importX },
    settings: {
      'import-x/resolver-next': [
        createTypeScriptImportResolver({
          project: ['apps/api/tsconfig.app.json', 'apps/dashboard/tsconfig.app.json', 'tsconfig.spec.json', 'bench/tsconfig.json'],
          noWarnOnMultipleProjects: true,
        }),
      ],
    },
    rules: {
      'import-x/no-restricted-paths': ['error', { zones }],
      'import-x/no-cycle': ['error', { ignoreExternal: true }],
      'max-len': ['error', { code: 140, ignoreStrings: true, ignoreTemplateLiterals: true, ignoreUrls: true, ignoreRegExpLiterals: true }],
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', destructuredArrayIgnorePattern: '^_' },
      ],
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports', disallowTypeAnnotations: false }],
    },
  },
  {
    // Nest resolves constructor parameters by their runtime class: those imports must stay values.
    files: ['apps/api/src/**/*.ts', 'test/**/*.ts', 'bench/**/*.ts'],
    rules: { '@typescript-eslint/consistent-type-imports': 'off' },
  },
  {
    // End-to-end suites read JSON bodies whose shape each assertion states for itself.
    files: ['test/**/*.ts'],
    rules: { '@typescript-eslint/no-explicit-any': 'off' },
  },
  {
    files: ['apps/dashboard/src/**/*.ts'],
    languageOptions: { globals: { ...globals.browser } },
    rules: {
      'no-restricted-imports': [
        'error',
        { paths: [{ name: 'zod', message: 'Validation lives in the service; the dashboard uses the domain types only.' }] },
      ],
    },
    extends: [...angular.configs.tsRecommended],
    processor: angular.processInlineTemplates,
  },
  {
    files: ['apps/dashboard/src/**/*.html'],
    extends: [...angular.configs.templateRecommended, ...angular.configs.templateAccessibility],
  },
);
