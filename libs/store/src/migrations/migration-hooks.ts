/** What a migration may need from its dialect beyond SQL. */
export interface MigrationHooks {
  /**
   * SQLite: replace a table's stored definition (`CREATE TABLE …`) by `edit(definition)`, inside
   * the migration's transaction; only for changes every stored row already satisfies.
   */
  rewriteSqliteTable?: (table: string, edit: (definition: string) => string) => void;
}
