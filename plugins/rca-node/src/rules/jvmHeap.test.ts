import { oversizedHeap } from './jvmHeap';

const container = (o: object) => ({ name: 'api', ...o });

describe('oversizedHeap', () => {
  it('flags a MaxRAMPercentage that leaves under a quarter of the limit outside the heap', () => {
    expect(
      oversizedHeap(
        container({
          env: [
            { name: 'JAVA_TOOL_OPTIONS', value: '-XX:MaxRAMPercentage=80' },
          ],
          resources: { limits: { memory: '2000Mi' } },
        }),
      ),
    ).toEqual({ share: 0.8, option: '-XX:MaxRAMPercentage=80' });
    expect(
      oversizedHeap(
        container({
          env: [{ name: 'JAVA_OPTS', value: '-XX:MaxRAMPercentage=60.0' }],
        }),
      ),
    ).toBeUndefined();
  });

  it('compares -Xmx with the memory limit', () => {
    expect(
      oversizedHeap(
        container({
          args: ['java', '-Xmx1900m', '-jar', 'app.jar'],
          resources: { limits: { memory: '2Gi' } },
        }),
      )?.option,
    ).toBe('-Xmx1900m');
    expect(
      oversizedHeap(
        container({
          args: ['-Xmx1g'],
          resources: { limits: { memory: '2Gi' } },
        }),
      ),
    ).toBeUndefined();
  });

  it('says nothing about a container without JVM options', () => {
    expect(oversizedHeap(container({}))).toBeUndefined();
    expect(oversizedHeap(undefined)).toBeUndefined();
  });
});
