// @ts-check

/** @param {import('knex').Knex} knex */
exports.up = async function up(knex) {
  await knex.schema.createTable('rca_analyses', table => {
    table.comment(
      'Root-cause analyses: request, progress, result and where the report was committed',
    );
    table.string('id').primary();
    table.string('incident_key', 255).notNullable().unique();
    table.string('entity_ref', 512).notNullable().index();
    table.string('status', 16).notNullable();
    table.text('request').notNullable();
    table.text('progress').notNullable();
    table.text('error');
    table.text('report');
    table.text('markdown');
    table.string('commit_sha', 64);
    table.string('report_path', 512);
    table.text('links');
    table.string('created_by', 512);
    table.string('created_at', 32).notNullable().index();
    table.string('updated_at', 32).notNullable();
  });
};

/** @param {import('knex').Knex} knex */
exports.down = async function down(knex) {
  await knex.schema.dropTable('rca_analyses');
};
