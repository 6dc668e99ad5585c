import type {
  Analyzer,
  AnalyzerContext,
  HypothesisDraft,
} from '../../contracts';
import type { RuleFamily, TargetView } from '../family';
import { aboutObject, eachTarget } from '../helpers';
import { withNextSteps } from '../nextSteps';
import { RULE_FAMILIES } from '../registry';

type ObjectHook = 'workloads' | 'network' | 'infrastructure';

/** Asks every family's `hook` about each target's objects, in registry order. */
abstract class ObjectAnalyzer implements Analyzer {
  abstract readonly name: string;
  protected abstract readonly hook: ObjectHook;

  analyze(ctx: AnalyzerContext): HypothesisDraft[] {
    const out: HypothesisDraft[] = [];
    eachTarget(ctx, (snapshot, objects, scope) => {
      const view: TargetView = {
        ctx,
        ledger: ctx.evidence,
        snapshot,
        cluster: snapshot.cluster,
        objects,
        scope,
        about: (kind, o) =>
          aboutObject(
            snapshot.cluster,
            kind,
            o,
            scope,
            objects.target.entityRef,
          ),
      };
      for (const family of RULE_FAMILIES) {
        const ask: RuleFamily[ObjectHook] = family[this.hook];
        for (const draft of ask?.(view) ?? []) out.push(withNextSteps(draft));
      }
    });
    return out;
  }
}

/** Controllers: stuck rollouts, ReplicaSets refused by a quota, HPAs, Jobs out of retries. */
export class WorkloadAnalyzer extends ObjectAnalyzer {
  readonly name = 'workloads';
  protected readonly hook = 'workloads';
}

/** Services without endpoints, Ingresses pointing nowhere, NetworkPolicies that cut traffic. */
export class NetworkAnalyzer extends ObjectAnalyzer {
  readonly name = 'network';
  protected readonly hook = 'network';
}

/** Nodes under the component's pods, and PersistentVolumeClaims that cannot bind. */
export class InfrastructureAnalyzer extends ObjectAnalyzer {
  readonly name = 'infrastructure';
  protected readonly hook = 'infrastructure';
}
