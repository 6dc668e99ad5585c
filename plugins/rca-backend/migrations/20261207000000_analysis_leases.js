// @ts-check

/**
 * The analyses table becomes the queue every replica claims from: a row is leased to the replica
 * running it (`lease_owner` until `lease_expires_at`, epoch ms), renewed while it runs; a lease
 * left to expire by a dead replica lets another one take the analysis over.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.alterTable('rca_analyses', table => {
    table.string('lease_owner', 255);
    table.bigInteger('lease_expires_at');
    table.integer('attempts').notNullable().defaultTo(0);
    table.index(['status', 'lease_expires_at'], 'rca_analyses_claim_idx');
  });
};

/** @param {import('knex').Knex} knex */
exports.down = async function down(knex) {
  await knex.schema.alterTable('rca_analyses', table => {
    table.dropIndex(['status', 'lease_expires_at'], 'rca_analyses_claim_idx');
    table.dropColumn('attempts');
    table.dropColumn('lease_expires_at');
    table.dropColumn('lease_owner');
  });
};
