import {
  e,
  FormatSpec,
  once,
  Param,
  seq,
  t,
  TemplateSpec,
  trace,
  twice,
} from '../model';
import * as ts from '../time';
import { javaTail } from '../traces';
import {
  anyPodIpPort,
  cat,
  int,
  millis,
  pick,
  podIp,
  podIpPort,
  uuid,
  wpick,
} from '../values';

// Apache Kafka 3.x broker (KRaft) with the shipped log4j layout `[%d] %p %m (%c)%n`:
//   https://github.com/apache/kafka/blob/trunk/config/log4j.properties ;
//   messages from core/src/main/scala/kafka/{log,cluster,server,coordinator} and
//   https://kafka.apache.org/documentation/#operations
// Convention: level, logger class (the trailing `(…)`), the bracketed component kind
// (`[Partition …]`, `[GroupCoordinator …]`) and the message are the event; topic-partitions,
// broker ids, offsets, group and member ids, paths and sizes are parameters. A logged exception
// is ONE record (see README) keyed by exception type and top frame.

const k = (
  level: string,
  msg: string,
  logger: string,
  ...ps: Param[]
): TemplateSpec => t(`[<*>] ${level} ${msg} (${logger})`, ts.comma3, ...ps);

const topic = wpick(
  ['orders', 6],
  ['payments', 3],
  ['stock-events', 3],
  ['notifications', 2],
  ['__consumer_offsets', 2],
);
const tp: Param = g => g.keep('tp', () => `${topic(g)}-${g.r.int(0, 11)}`);
const dir = '/var/lib/kafka/data';
const broker = int(0, 2);
const offset: Param = g => g.keep('offset', () => String(g.r.int(1e5, 9e7)));
const segmentFile: Param = g =>
  `${dir}/${tp(g)}/${offset(g).padStart(20, '0')}`;
const group = wpick(
  ['orders', 4],
  ['notification', 3],
  ['search-indexer', 2],
  ['connect-cluster', 1],
);
const member: Param = g =>
  `${g.r.pick([
    'consumer-orders-1',
    'notification',
    'connector-consumer-1',
  ])}-${uuid(g)}`;
const generation = int(10, 400);
const isr: Param = g => g.r.pick(['0,1,2', '1,2,0', '2,0,1']);

/** `host:port-host:port-index`, the broker's channel id for a connection. */
const channel: Param = g =>
  `${podIpPort('kafka')(g)}-${anyPodIpPort(g)}-${g.r.int(0, 40)}`;
const fetchData: Param = g =>
  `${tp(g)}=PartitionData(topicId=${g.r.chars(
    22,
    'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789',
  )}, fetchOffset=${offset(
    g,
  )}, logStartOffset=0, maxBytes=1048576, currentLeaderEpoch=Optional[${g.r.int(
    1,
    40,
  )}], lastFetchedEpoch=Optional[${g.r.int(1, 40)}])`;

/** A log4j line followed by the exception log4j prints under it. */
function withStack(
  line: TemplateSpec,
  stack: string,
  ...ps: Param[]
): TemplateSpec {
  return t(`${line.text}\n${stack}`, ...line.params, ...ps);
}

const LOG_MGMT = [
  e(
    300,
    k(
      'INFO',
      `[LocalLog partition=<*>, dir=${dir}] Rolled new log segment at offset <*> in <*> ms.`,
      'kafka.log.LocalLog',
      tp,
      offset,
      millis(2, 0.6),
    ),
  ),
  e(
    260,
    k(
      'INFO',
      `[ProducerStateManager partition=<*>] Wrote producer snapshot at offset <*> with <*> producer ids in <*> ms.`,
      'org.apache.kafka.storage.internals.log.ProducerStateManager',
      tp,
      offset,
      int(0, 12),
      millis(2, 0.6),
    ),
  ),
  seq(
    110,
    k(
      'INFO',
      `[UnifiedLog partition=<*>, dir=${dir}] Deleting segment LogSegment(baseOffset=<*>, size=<*>, lastModifiedTime=<*>, largestRecordTimestamp=Some(<*>)) due to log retention time 604800000ms breach based on the largest record timestamp in the segment`,
      'kafka.log.UnifiedLog',
      tp,
      offset,
      int(1e6, 1073741824),
      ts.epochMsAgo,
      ts.epochMsAgo,
    ),
    k(
      'INFO',
      `[UnifiedLog partition=<*>, dir=${dir}] Incremented log start offset to <*> due to SegmentDeletion`,
      'kafka.log.UnifiedLog',
      tp,
      offset,
    ),
    k(
      'INFO',
      `[LocalLog partition=<*>, dir=${dir}] Deleting segment files LogSegment(baseOffset=<*>, size=<*>, lastModifiedTime=<*>, largestRecordTimestamp=Some(<*>))`,
      'kafka.log.LocalLog$',
      tp,
      offset,
      int(1e6, 1073741824),
      ts.epochMsAgo,
      ts.epochMsAgo,
    ),
    k(
      'INFO',
      'Deleted log <*>.log.deleted.',
      'org.apache.kafka.storage.internals.log.LogSegment',
      segmentFile,
    ),
    k(
      'INFO',
      'Deleted offset index <*>.index.deleted.',
      'org.apache.kafka.storage.internals.log.LogSegment',
      segmentFile,
    ),
    k(
      'INFO',
      'Deleted time index <*>.timeindex.deleted.',
      'org.apache.kafka.storage.internals.log.LogSegment',
      segmentFile,
    ),
  ),
  e(
    40,
    k(
      'INFO',
      '[GroupMetadataManager brokerId=<*>] Removed <*> expired offsets in <*> milliseconds.',
      'kafka.coordinator.group.GroupMetadataManager',
      broker,
      int(0, 40),
      millis(1, 0.8),
    ),
  ),
];

const REPLICATION = [
  e(
    14,
    k(
      'INFO',
      '[Partition <*> broker=<*>] Shrinking ISR from <*> to <*>. Leader: (highWatermark: <*>, endOffset: <*>). Out of sync replicas: (brokerId: <*>, endOffset: <*>, lastCaughtUpTimeMs: <*>).',
      'kafka.cluster.Partition',
      tp,
      broker,
      isr,
      pick('0,1', '1,2', '0,2'),
      offset,
      offset,
      broker,
      offset,
      ts.epochMsAgo,
    ),
  ),
  e(
    13,
    k(
      'INFO',
      '[Partition <*> broker=<*>] Expanding ISR from <*> to <*>',
      'kafka.cluster.Partition',
      tp,
      broker,
      pick('0,1', '1,2', '0,2'),
      isr,
    ),
  ),
  e(
    26,
    k(
      'INFO',
      '[Partition <*> broker=<*>] ISR updated to <*> and version updated to <*>',
      'kafka.cluster.Partition',
      tp,
      broker,
      isr,
      int(2, 400),
    ),
  ),
  e(
    10,
    k(
      'INFO',
      '[ReplicaFetcherManager on broker <*>] Removed fetcher for partitions Set(<*>)',
      'kafka.server.ReplicaFetcherManager',
      broker,
      tp,
    ),
  ),
  e(
    10,
    k(
      'INFO',
      '[ReplicaFetcherManager on broker <*>] Added fetcher to broker <*> for partitions Map(<*> -> InitialFetchState(Some(<*>),BrokerEndPoint(id=<*>, host=kafka-<*>.kafka-headless.data.svc.cluster.local:9092),<*>,<*>))',
      'kafka.server.ReplicaFetcherManager',
      broker,
      broker,
      tp,
      cat('z', int(1e5, 9e5)),
      broker,
      broker,
      int(1, 40),
      offset,
    ),
  ),
  e(
    8,
    k(
      'WARN',
      '[ReplicaFetcher replicaId=<*>, leaderId=<*>, fetcherId=0] Received UNKNOWN_TOPIC_OR_PARTITION from the leader for partition <*>. This error may be returned transiently when the partition is being created or deleted, but it is not expected to persist.',
      'kafka.server.ReplicaFetcherThread',
      broker,
      broker,
      tp,
    ),
  ),
  e(
    9,
    trace(
      'java.io.IOException',
      'org.apache.kafka.clients.NetworkClientUtils.sendAndReceive(NetworkClientUtils.java:99)',
      withStack(
        k(
          'WARN',
          '[ReplicaFetcher replicaId=<*>, leaderId=<*>, fetcherId=0] Error in response for fetch request (type=FetchRequest, replicaId=<*>, maxWait=500, minBytes=1, maxBytes=10485760, fetchData={<*>}, isolationLevel=READ_UNCOMMITTED, removed=, replaced=, metadata=(sessionId=<*>, epoch=<*>), rackId=)',
          'kafka.server.ReplicaFetcherThread',
          broker,
          broker,
          broker,
          fetchData,
          int(1e8, 2e9),
          int(1, 9000),
        ),
        'java.io.IOException: Connection to <*> was disconnected before the response was read\n\tat org.apache.kafka.clients.NetworkClientUtils.sendAndReceive(NetworkClientUtils.java:99)\n<*>',
        broker,
        javaTail([[]], 'kafka-broker'),
      ),
    ),
  ),
];

const COORDINATOR = [
  e(
    40,
    k(
      'INFO',
      '[GroupCoordinator <*>]: Preparing to rebalance group <*> in state PreparingRebalance with old generation <*> (__consumer_offsets-<*>) (reason: Adding new member <*> with group instance id None; client reason: need to re-join with the given member-id: <*>)',
      'kafka.coordinator.group.GroupCoordinator',
      broker,
      group,
      generation,
      int(0, 49),
      member,
      member,
    ),
  ),
  e(
    14,
    k(
      'INFO',
      '[GroupCoordinator <*>]: Preparing to rebalance group <*> in state PreparingRebalance with old generation <*> (__consumer_offsets-<*>) (reason: removing member <*> on heartbeat expiration)',
      'kafka.coordinator.group.GroupCoordinator',
      broker,
      group,
      generation,
      int(0, 49),
      member,
    ),
  ),
  e(
    8,
    k(
      'INFO',
      '[GroupCoordinator <*>]: Preparing to rebalance group <*> in state PreparingRebalance with old generation <*> (__consumer_offsets-<*>) (reason: Removing member <*> on LeaveGroup; client reason: the consumer is being closed)',
      'kafka.coordinator.group.GroupCoordinator',
      broker,
      group,
      generation,
      int(0, 49),
      member,
    ),
  ),
  e(
    56,
    k(
      'INFO',
      '[GroupCoordinator <*>]: Stabilized group <*> generation <*> (__consumer_offsets-<*>) with <*> members',
      'kafka.coordinator.group.GroupCoordinator',
      broker,
      group,
      generation,
      int(0, 49),
      int(1, 6),
    ),
  ),
  e(
    56,
    k(
      'INFO',
      '[GroupCoordinator <*>]: Assignment received from leader <*> for group <*> for generation <*>. The group has <*> members, 0 of which are static.',
      'kafka.coordinator.group.GroupCoordinator',
      broker,
      member,
      group,
      generation,
      int(1, 6),
    ),
  ),
  e(
    22,
    k(
      'INFO',
      '[GroupCoordinator <*>]: Dynamic member with unknown member id joins group <*> in Stable state. Created a new member id <*> and request the member to rejoin with this id.',
      'kafka.coordinator.group.GroupCoordinator',
      broker,
      group,
      member,
    ),
  ),
  e(
    14,
    k(
      'INFO',
      '[GroupCoordinator <*>]: Member <*> in group <*> has failed, removing it from the group',
      'kafka.coordinator.group.GroupCoordinator',
      broker,
      member,
      group,
    ),
  ),
  e(
    8,
    k(
      'INFO',
      '[GroupCoordinator <*>]: Member <*> has left group <*> through explicit `LeaveGroup`; client reason: the consumer is being closed',
      'kafka.coordinator.group.GroupCoordinator',
      broker,
      member,
      group,
    ),
  ),
  e(
    twice,
    k(
      'INFO',
      '[GroupCoordinator <*>]: Group <*> with generation <*> is now empty (__consumer_offsets-<*>)',
      'kafka.coordinator.group.GroupCoordinator',
      broker,
      group,
      generation,
      int(0, 49),
    ),
  ),
];

const NETWORK = [
  e(
    12,
    k(
      'INFO',
      '[SocketServer listenerType=BROKER, nodeId=<*>] Failed authentication with /<*> (channelId=<*>) (Authentication failed during authentication due to invalid credentials with SASL mechanism SCRAM-SHA-512)',
      'org.apache.kafka.common.network.Selector',
      broker,
      podIp(),
      channel,
    ),
  ),
  e(
    5,
    trace(
      'org.apache.kafka.common.network.InvalidReceiveException',
      'org.apache.kafka.common.network.NetworkReceive.readFrom(NetworkReceive.java:94)',
      withStack(
        k(
          'WARN',
          '[SocketServer listenerType=BROKER, nodeId=<*>] Unexpected error from /<*> (channelId=<*>); closing connection',
          'org.apache.kafka.common.network.Selector',
          broker,
          podIp(),
          channel,
        ),
        'org.apache.kafka.common.network.InvalidReceiveException: Invalid receive (size = <*> larger than 104857600)\n\tat org.apache.kafka.common.network.NetworkReceive.readFrom(NetworkReceive.java:94)\n<*>',
        pick('1195725856', '1213486160'),
        javaTail(
          [
            [
              'org.apache.kafka.common.network.KafkaChannel.receive(KafkaChannel.java:462)',
              'org.apache.kafka.common.network.KafkaChannel.read(KafkaChannel.java:412)',
              'org.apache.kafka.common.network.Selector.attemptRead(Selector.java:674)',
              'org.apache.kafka.common.network.Selector.pollSelectionKeys(Selector.java:576)',
              'org.apache.kafka.common.network.Selector.poll(Selector.java:481)',
              'kafka.network.Processor.poll(SocketServer.scala:1144)',
              'kafka.network.Processor.run(SocketServer.scala:1047)',
              'java.base/java.lang.Thread.run(Thread.java:840)',
            ],
          ],
          'none',
        ),
      ),
    ),
  ),
  e(
    6,
    k(
      'INFO',
      '[BrokerToControllerChannelManager id=<*> name=forwarding] Recorded new controller, from now on will use node kafka-<*>.kafka-headless.data.svc.cluster.local:9093 (id: <*> rack: null)',
      'kafka.server.NodeToControllerRequestThread',
      broker,
      broker,
      broker,
    ),
  ),
  e(
    4,
    k(
      'INFO',
      '[RaftManager id=<*>] Completed transition to FollowerState(fetchTimeoutMs=2000, epoch=<*>, leaderId=<*>, voters=[0, 1, 2], highWatermark=Optional[LogOffsetMetadata(offset=<*>, metadata=Optional.empty)], fetchingSnapshot=Optional.empty) from Voted(epoch=<*>, votedId=<*>, voters=[0, 1, 2], electionTimeoutMs=<*>)',
      'org.apache.kafka.raft.QuorumState',
      broker,
      int(10, 90),
      broker,
      offset,
      int(10, 90),
      broker,
      int(1000, 2000),
    ),
  ),
  e(
    twice,
    k(
      'INFO',
      '[RaftManager id=<*>] Completed transition to Leader(localId=<*>, epoch=<*>, epochStartOffset=<*>, highWatermark=Optional.empty, voterStates={0=ReplicaState(nodeId=0, endOffset=Optional.empty, lastFetchTimestamp=-1, lastCaughtUpTimestamp=-1, hasAcknowledgedLeader=true), 1=ReplicaState(nodeId=1, endOffset=Optional.empty, lastFetchTimestamp=-1, lastCaughtUpTimestamp=-1, hasAcknowledgedLeader=false), 2=ReplicaState(nodeId=2, endOffset=Optional.empty, lastFetchTimestamp=-1, lastCaughtUpTimestamp=-1, hasAcknowledgedLeader=false)}) from CandidateState(localId=<*>, epoch=<*>, retries=1, voteStates={0=GRANTED, 1=UNRECORDED, 2=GRANTED}, highWatermark=Optional.empty, electionTimeoutMs=<*>)',
      'org.apache.kafka.raft.QuorumState',
      broker,
      broker,
      int(10, 90),
      offset,
      broker,
      int(10, 90),
      int(1000, 2000),
    ),
  ),
  e(
    3,
    k(
      'INFO',
      '[KafkaRaftServer nodeId=<*>] Kafka Server started',
      'kafka.server.KafkaRaftServer',
      broker,
    ),
  ),
  e(
    3,
    k(
      'INFO',
      '[BrokerServer id=<*>] Transition from STARTING to STARTED',
      'kafka.server.BrokerServer',
      broker,
    ),
  ),
  e(
    3,
    k(
      'INFO',
      '[BrokerServer id=<*>] Transition from STARTED to SHUTTING_DOWN',
      'kafka.server.BrokerServer',
      broker,
    ),
  ),
  e(
    3,
    k(
      'INFO',
      'Kafka version: 3.7.0',
      'org.apache.kafka.common.utils.AppInfoParser',
    ),
  ),
  e(
    3,
    k(
      'INFO',
      'Kafka commitId: 2ae524ed625438c5',
      'org.apache.kafka.common.utils.AppInfoParser',
    ),
  ),
  e(
    once,
    k(
      'ERROR',
      '[BrokerLifecycleManager id=<*>] Shutting down because we were unable to register with the controller quorum.',
      'kafka.server.BrokerLifecycleManager',
      broker,
    ),
  ),
];

export const kafka: FormatSpec = {
  name: 'kafka',
  title: 'Apache Kafka 3.x broker (log4j)',
  sources: [
    'https://github.com/apache/kafka/blob/trunk/config/log4j.properties',
    'https://kafka.apache.org/documentation/#operations',
    'https://github.com/apache/kafka/tree/trunk/core/src/main/scala/kafka',
  ],
  records: 3500,
  entries: [...LOG_MGMT, ...REPLICATION, ...COORDINATOR, ...NETWORK],
};
