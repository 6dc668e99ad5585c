export * from './annotations';
export * from './claims';
export * from './roleMapping';
