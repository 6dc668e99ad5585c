import { dns } from './dns';

describe('dns next steps', () => {
  it('follow Kubernetes "Debugging DNS Resolution": DNS pods, their logs, kube-dns endpoints', () => {
    const steps = dns.nextSteps.dns_resolution_failure!({ namespace: 'shop' });
    expect(steps[0].command).toContain('kubectl -n shop run rca-dns');
    expect(steps.map(s => s.command)).toEqual(
      expect.arrayContaining([
        'kubectl -n kube-system get pods -l k8s-app=kube-dns',
        'kubectl -n kube-system logs -l k8s-app=kube-dns',
        'kubectl -n kube-system get endpointslices -l kubernetes.io/service-name=kube-dns',
      ]),
    );
  });
});
