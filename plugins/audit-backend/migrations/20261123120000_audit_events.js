// @ts-check

/**
 * The audit trail and its outbox in one table: a row is written once, shipped to VictoriaLogs
 * (state pending → shipped) and served by the query API until retention removes it.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.createTable('audit_events', table => {
    table.bigIncrements('seq').primary();
    table.uuid('id').notNullable().unique();
    table.bigInteger('time_ms').notNullable();
    table.string('plugin', 100).notNullable();
    table.string('action', 200).notNullable();
    table.string('outcome', 16).notNullable();
    table.string('severity', 16).notNullable();
    table.string('actor_ref', 500).nullable();
    // pending: waiting for VictoriaLogs; shipped; rejected: given up; local: no sink configured
    table.string('state', 16).notNullable();
    table.integer('attempts').notNullable().defaultTo(0);
    table.bigInteger('claimed_until').nullable();
    table.string('claimed_by', 64).nullable();
    table.text('last_error').nullable();
    table.text('payload').notNullable();
    table.index(['state', 'seq'], 'audit_events_state_seq_idx');
    table.index(['time_ms'], 'audit_events_time_idx');
    table.index(['actor_ref', 'time_ms'], 'audit_events_actor_idx');
    table.index(['plugin', 'time_ms'], 'audit_events_plugin_idx');
  });
};

/** @param {import('knex').Knex} knex */
exports.down = async function down(knex) {
  await knex.schema.dropTable('audit_events');
};
