module.exports = {
  root: true,
  rules: {
    // Functions short enough to read at once; data tables are literals, not functions.
    'max-lines-per-function': ['error', { max: 80 }],
  },
  overrides: [
    {
      // A describe() block groups many tests; its length says nothing about readability.
      files: ['**/*.test.ts', '**/*.test.tsx'],
      rules: { 'max-lines-per-function': 'off' },
    },
  ],
};
