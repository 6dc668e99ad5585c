/**
 * Object builders for the blind set: real name shapes (ReplicaSet pod-template hashes, pod suffixes,
 * StatefulSet ordinals, CronJob → Job → Pod chains), owner references and container statuses.
 * Times are relative (`now-20m`) and materialised when a scenario is loaded.
 */

export * from './kube/cluster';
export * from './kube/meta';
export * from './kube/pods';
export * from './kube/workloads';
