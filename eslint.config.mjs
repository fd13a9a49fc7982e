import nx from '@nx/eslint-plugin';
import tseslint from 'typescript-eslint';

// Module boundaries: who may import whom (see ../shared/docs/ARCHITECTURE.md).
// type:contract -> nothing; type:util -> contract|util; type:data -> data-free utils;
// type:model -> contract|util; type:kernel (native engine) -> model|contract|util;
// type:feature -> kernel|model|data|util|contract; type:service (the planner: feature libs put
// together for workers and the CLI) -> feature|kernel|model|data|util|contract; type:app -> all libs.
// scope:web (the dashboard, later) may only use scope:shared, never model/kernel code.
// runtime:compute marks the libs that load tfjs or native code or train (models, engine-native,
// trainer, planner): the dashboard (scope:dashboard) must not depend on one, even transitively, so
// that none of it reaches the Next.js bundle; it asks workers through the queue instead.
const depConstraints = [
  { sourceTag: 'type:contract', onlyDependOnLibsWithTags: [] },
  { sourceTag: 'type:util', onlyDependOnLibsWithTags: ['type:contract', 'type:util'] },
  { sourceTag: 'type:data', onlyDependOnLibsWithTags: ['type:contract', 'type:util'] },
  { sourceTag: 'type:model', onlyDependOnLibsWithTags: ['type:contract', 'type:util'] },
  { sourceTag: 'type:kernel', onlyDependOnLibsWithTags: ['type:model', 'type:contract', 'type:util'] },
  { sourceTag: 'type:feature', onlyDependOnLibsWithTags: ['type:kernel', 'type:model', 'type:data', 'type:util', 'type:contract'] },
  { sourceTag: 'type:service', onlyDependOnLibsWithTags: ['type:feature', 'type:kernel', 'type:model', 'type:data', 'type:util', 'type:contract'] },
  { sourceTag: 'type:app', onlyDependOnLibsWithTags: ['type:service', 'type:feature', 'type:kernel', 'type:model', 'type:data', 'type:util', 'type:contract'] },
  { sourceTag: 'scope:shared', onlyDependOnLibsWithTags: ['scope:shared'] },
  { sourceTag: 'scope:web', onlyDependOnLibsWithTags: ['scope:shared', 'scope:web'] },
  { sourceTag: 'scope:server', onlyDependOnLibsWithTags: ['scope:shared', 'scope:server'] },
  // the dashboard: contracts, store, queue and pure libs; never tfjs, native code or the trainer,
  // even through another lib (Nx follows the whole path)
  { sourceTag: 'scope:dashboard', notDependOnLibsWithTags: ['runtime:compute'] },
];

export default [
  { ignores: ['**/node_modules/**', '**/dist/**', '.nx/**', 'coverage/**', '**/.next/**', '**/next-env.d.ts'] },
  ...nx.configs['flat/base'],
  ...nx.configs['flat/typescript'],
  {
    files: ['**/*.ts', '**/*.tsx', '**/*.mjs'],
    rules: {
      '@nx/enforce-module-boundaries': [
        'error',
        {
          enforceBuildableLibDependency: false,
          allow: [],
          banTransitiveDependencies: false,
          checkDynamicDependenciesExceptions: [],
          depConstraints,
        },
      ],
    },
  },
  {
    files: ['**/*.ts', '**/*.tsx'],
    languageOptions: { parser: tseslint.parser },
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-restricted-imports': [
        'error',
        { patterns: [{ group: ['@rnnlab/*/*'], message: 'Import a lib through its public entry (@rnnlab/<lib>), never a deep path.' }] },
      ],
    },
  },
  {
    files: ['libs/**/*.ts', 'apps/*/src/**/*.ts'],
    rules: {
      'no-restricted-syntax': [
        'error',
        { selector: 'ExportDefaultDeclaration', message: 'Libraries use named exports only (STYLE.md).' },
      ],
    },
  },
];
