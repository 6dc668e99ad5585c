import { ConflictError, NotFoundError } from '@backstage/errors';
import { EngineExtensions } from './EngineExtensions';

const locator = {
  clusterNames: ['prod'],
  locateNamespaces: async () => new Map<string, string[]>(),
};
const collector = (name: string) => ({
  name,
  collect: async () => ({ status: 'ok' as const }),
});
const analyzer = (name: string) => ({ name, analyze: () => [] });

describe('EngineExtensions', () => {
  it('hands over what modules added, in the order they added it', () => {
    const extensions = new EngineExtensions();
    extensions.addCollector(collector('a'), collector('b'));
    extensions.addCollector(collector('c'));
    extensions.addAnalyzer(analyzer('x'));
    extensions.setNamespaceLocator(locator);
    const added = extensions.contributions();
    expect(added.collectors.map(c => c.name)).toEqual(['a', 'b', 'c']);
    expect(added.analyzers.map(a => a.name)).toEqual(['x']);
    expect(added.namespaceLocator).toBe(locator);
  });

  it('refuses to start without a namespace locator, naming the built-ins module', () => {
    const extensions = new EngineExtensions();
    extensions.addCollector(collector('a'));
    expect(() => extensions.contributions()).toThrow(NotFoundError);
    expect(() => extensions.contributions()).toThrow(
      /@internal\/plugin-rca-backend-module-builtins/,
    );
  });

  it('refuses a second namespace locator', () => {
    const extensions = new EngineExtensions();
    extensions.setNamespaceLocator(locator);
    expect(() => extensions.setNamespaceLocator(locator)).toThrow(
      ConflictError,
    );
  });
});
