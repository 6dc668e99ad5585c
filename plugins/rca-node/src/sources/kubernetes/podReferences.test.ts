import { metadataOnly, metadataPage } from './podReferences';

// Tools that keep the whole applied object in an annotation, data included.
const whole = JSON.stringify({ data: { password: 'aHVudGVyMg==' } });
const secret = {
  metadata: {
    name: 'db',
    annotations: {
      'kubectl.kubernetes.io/last-applied-configuration': whole,
      'kapp.k14s.io/original': whole,
      'meta.helm.sh/release-name': 'db',
      'kubernetes.io/change-cause': 'rotate password',
      'argocd.argoproj.io/tracking-id': 'shop:/Secret:shop/db',
    },
  },
  data: { password: 'aHVudGVyMg==' },
};

describe('metadataOnly', () => {
  it('keeps only the annotations that name who changed the object, and no data', () => {
    const kept = metadataOnly(secret);
    expect(kept).toEqual({
      metadata: {
        name: 'db',
        annotations: {
          'kubernetes.io/change-cause': 'rotate password',
          'argocd.argoproj.io/tracking-id': 'shop:/Secret:shop/db',
        },
      },
    });
    expect(JSON.stringify(kept)).not.toContain('aHVudGVyMg==');
  });

  it('reduces a whole page before the list is cached or shared', async () => {
    const page = await metadataPage(
      Promise.resolve({
        items: [secret, secret],
        metadata: { _continue: 'x' },
      }),
    );
    expect(page.metadata?._continue).toBe('x');
    expect(JSON.stringify(page)).not.toContain('aHVudGVyMg==');
  });
});
