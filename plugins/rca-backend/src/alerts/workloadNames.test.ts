import { podOwnerNames, workloadNamesOf } from './workloadNames';

describe('workload names', () => {
  it('finds the Deployment, StatefulSet and DaemonSet a pod name stands for', () => {
    expect(podOwnerNames('payments-7d9f8c6b5-x2x4q')).toContain('payments');
    expect(podOwnerNames('db-0')).toContain('db');
    expect(podOwnerNames('agent-x2x4q')).toContain('agent');
  });

  it('reads every workload label of an alert', () => {
    expect(
      workloadNamesOf({
        alertname: 'X',
        deployment: 'api',
        pod: 'api-5c8f7b9d4-p0001',
      }),
    ).toEqual(['api', 'api-5c8f7b9d4-p0001', 'api-5c8f7b9d4']);
    expect(workloadNamesOf({ alertname: 'X', instance: 'n1' })).toEqual([]);
  });
});
