// @ts-check

/**
 * The requester's namespace scope, stored with the analysis (JSON: the cluster/namespace pairs
 * its gate allowed at request time): a replica taking the analysis over reads only those.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.alterTable('rca_analyses', table => {
    table.text('requester_scope');
  });
};

/** @param {import('knex').Knex} knex */
exports.down = async function down(knex) {
  await knex.schema.alterTable('rca_analyses', table => {
    table.dropColumn('requester_scope');
  });
};
