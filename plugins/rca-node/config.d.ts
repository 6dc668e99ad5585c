export interface Config {
  rca?: {
    /**
     * The LLM that writes report summaries. Without this block the suite runs deterministically.
     * Any OpenAI-compatible endpoint works: OpenAI, Azure OpenAI, vLLM, Ollama, LiteLLM.
     */
    llm?: {
      /** Base URL of the OpenAI-compatible API, e.g. https://api.openai.com/v1 */
      baseUrl: string;
      /**
       * API key, sent as a bearer token. Optional for local servers.
       * @visibility secret
       */
      apiKey?: string;
      /** Model (or Azure deployment) name. */
      model: string;
      /** OpenAI organization id. */
      organization?: string;
      /**
       * Extra headers on every request, e.g. Azure's `api-key`.
       * @visibility secret
       */
      headers?: { [name: string]: string };
      /** Extra query parameters on every request, e.g. Azure's `api-version`. */
      queryParams?: { [name: string]: string };
      /** Deadline of one call, retries and queueing included (ms). Default 60000. */
      timeoutMs?: number;
      /** Timeout of one HTTP attempt (ms). Default: the call's deadline. */
      attemptTimeoutMs?: number;
      /** Retries on 429, 5xx, timeouts and connection errors. Default 3. */
      maxRetries?: number;
      /** Circuit breaker. */
      breaker?: {
        /** Consecutive provider failures that open the circuit. Default 3. */
        failureThreshold?: number;
        /** How long the circuit stays open before a trial call (ms). Default 60000. */
        resetTimeoutMs?: number;
      };
      /** Rate limit shared by every caller in the process (or, with redis, every replica). */
      rateLimit?: {
        /** Default 10. */
        requestsPerMinute?: number;
        /** Requests in flight at once. Default 4. */
        maxConcurrent?: number;
        /** Share the budget across backend replicas. */
        redis?: {
          /**
           * Redis URL, e.g. redis://redis:6379
           * @visibility secret
           */
          url: string;
          /** Name of the shared budget. Default derived from baseUrl and model. */
          id?: string;
        };
      };
      /** Answer identical requests from Backstage's cache service. Off by default. */
      cache?: {
        enabled?: boolean;
        /** Default 3600000 (1 hour). */
        ttlMs?: number;
      };
      /** Log prompts and answers at debug level. Off by default. */
      logPrompts?: boolean;
      temperature?: number;
      maxTokens?: number;
    };
    /** Where local state lives (the embedded report repository and Git clones). Default `./.rca-data`. */
    dataDir?: string;
    /** Analyses running at once in this backend; more wait in a queue. Default 2. */
    maxConcurrentAnalyses?: number;
    /** dependsOn hops followed from the analysed entity. Default 2. */
    dependencyDepth?: number;
    kubernetes?: {
      /** Timeout of one Kubernetes API request (ms). Default 5000. */
      requestTimeoutMs?: number;
      /** How long before the window events and rollouts are still read (minutes). Default 60. */
      lookbackMinutes?: number;
    };
    /** VictoriaMetrics (or any Prometheus-compatible API). Off unless this block is present. */
    victoriaMetrics?: {
      /** Set false to keep the block but turn the source off. */
      enabled?: boolean;
      /** Base URL, e.g. http://victoriametrics:8428 (single node) or http://vmselect:8481 (cluster). */
      url: string;
      /** Cluster version tenant: queries go to `/select/<tenant>/prometheus`. */
      tenant?: string;
      /**
       * Extra headers on every request.
       * @visibility secret
       */
      headers?: { [name: string]: string };
      /**
       * Sent as `Authorization: Bearer <token>`.
       * @visibility secret
       */
      bearerToken?: string;
      /** Timeout of one query (ms). Default 10000. */
      timeoutMs?: number;
      /** Queries in flight at once. Default 4. */
      concurrency?: number;
      /**
       * HTTP metrics flavour for the 5xx ratio and latency quantiles. Default app. The config
       * schema needs the names spelled out: keep them in step with the presets in metricFamilies.ts.
       */
      httpPreset?: 'app' | 'ingress-nginx' | 'istio';
      /** Also compare with the same window 24 hours earlier. Default false. */
      baseline24h?: boolean;
      /**
       * Query per metric family, replacing the default; `false` turns a family off.
       * Families are the keys of the table in src/sources/victoriaMetrics/metricFamilies.ts, e.g.
       * restarts, memory_limit_ratio, http_5xx_ratio, latency_p95; an unknown key is rejected at
       * startup with the list of known ones.
       * Placeholders: $sel, $namespace, $pod, $service, $serviceRegex, $rate.
       */
      queries?: { [family: string]: string | false };
    };
    /** VictoriaLogs. Off unless this block is present. */
    victoriaLogs?: {
      /** Set false to keep the block but turn the source off. */
      enabled?: boolean;
      /** Base URL, e.g. http://victorialogs:9428 */
      url: string;
      /**
       * Extra headers on every request (e.g. basic auth of a proxy in front).
       * @visibility secret
       */
      headers?: { [name: string]: string };
      /** Tenant, sent as the AccountID header. */
      accountId?: string;
      /** Tenant, sent as the ProjectID header. */
      projectId?: string;
      /** Timeout of one query (ms). Default 10000. */
      timeoutMs?: number;
      /** Field names of your log shipper. Default vector. */
      preset?: 'vector' | 'vlagent' | 'fluent-bit' | 'promtail';
      /** Field names overriding the preset. */
      fields?: {
        namespace?: string;
        pod?: string;
        container?: string;
        level?: string;
        /** Whether namespace and pod are stream fields (`{…}` filter) or plain fields. */
        streamFields?: boolean;
      };
      /** Error and warning lines fetched per window and target. Default 20000. */
      sampleSize?: number;
    };
    /** k8sgpt-operator Results, read from the clusters of the kubernetes config. */
    k8sgpt?: {
      /** Default false. */
      enabled?: boolean;
      /** Namespace of the K8sGPT resource, where Results live. Default: all namespaces. */
      namespace?: string;
    };
    reports?: {
      git?: {
        /**
         * Repository the reports are committed to: a remote URL, or a local path to a bare
         * repository. Default: `<dataDir>/reports.git`, created on first use.
         */
        url?: string;
        /** Default `main`. */
        branch?: string;
        /** Folder inside the repository. Default `reports/rca`. */
        directory?: string;
        author?: { name?: string; email?: string };
        /** User name for `token`. Default `x-access-token` (GitHub style). */
        username?: string;
        /**
         * Token for HTTPS pushes. Without it, a matching `integrations` entry's token is used.
         * @visibility secret
         */
        token?: string;
        /** Web URL of the repository (e.g. https://github.com/org/reports) for commit and file links. */
        browseUrl?: string;
      };
    };
  };
}
