module.exports = {
  root: true,
  rules: {
    // Functions short enough to read at once, tests included; data tables are literals, not functions.
    'max-lines-per-function': ['error', { max: 80 }],
  },
};
