package fugong.infra.elasticsearch;

import org.elasticsearch.ExceptionsHelper;
import org.elasticsearch.action.ActionListener;
import org.elasticsearch.action.admin.indices.refresh.RefreshRequest;
import org.elasticsearch.action.bulk.BulkItemResponse;
import org.elasticsearch.action.bulk.BulkRequest;
import org.elasticsearch.action.bulk.BulkResponse;
import org.elasticsearch.action.delete.DeleteRequest;
import org.elasticsearch.action.search.ClearScrollRequest;
import org.elasticsearch.action.search.SearchRequest;
import org.elasticsearch.action.search.SearchResponse;
import org.elasticsearch.action.search.SearchScrollRequest;
import org.elasticsearch.action.support.IndicesOptions;
import org.elasticsearch.client.internal.node.NodeClient;
import org.elasticsearch.cluster.metadata.IndexNameExpressionResolver;
import org.elasticsearch.cluster.node.DiscoveryNodes;
import org.elasticsearch.common.Strings;
import org.elasticsearch.common.document.DocumentField;
import org.elasticsearch.common.io.stream.NamedWriteableRegistry;
import org.elasticsearch.common.settings.ClusterSettings;
import org.elasticsearch.common.settings.IndexScopedSettings;
import org.elasticsearch.common.settings.Settings;
import org.elasticsearch.common.settings.SettingsFilter;
import org.elasticsearch.core.TimeValue;
import org.elasticsearch.features.NodeFeature;
import org.elasticsearch.index.query.AbstractQueryBuilder;
import org.elasticsearch.index.query.QueryBuilder;
import org.elasticsearch.index.query.QueryBuilders;
import org.elasticsearch.plugins.ActionPlugin;
import org.elasticsearch.plugins.Plugin;
import org.elasticsearch.rest.BaseRestHandler;
import org.elasticsearch.rest.RestChannel;
import org.elasticsearch.rest.RestController;
import org.elasticsearch.rest.RestHandler;
import org.elasticsearch.rest.RestRequest;
import org.elasticsearch.rest.RestResponse;
import org.elasticsearch.rest.RestStatus;
import org.elasticsearch.search.SearchHit;
import org.elasticsearch.search.builder.SearchSourceBuilder;
import org.elasticsearch.search.sort.SortOrder;
import org.elasticsearch.xcontent.XContentBuilder;
import org.elasticsearch.xcontent.XContentParser;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * A small, synchronous stand-in for {@code POST /{index}/_delete_by_query}.
 *
 * The real implementation lives in Elasticsearch's {@code reindex} module, which is not published to
 * Maven Central. This one scrolls over the matching documents and deletes them with bulk requests
 * guarded by {@code if_seq_no}/{@code if_primary_term}, so concurrent updates show up as version
 * conflicts like in the real thing, and it answers with the same response fields.
 *
 * Supported: body {@code query} and {@code max_docs}; params {@code conflicts} (abort|proceed),
 * {@code refresh}, {@code routing}, {@code scroll_size}, {@code max_docs}, {@code q} (ignored unless no body),
 * {@code ignore_unavailable}/{@code allow_no_indices}/{@code expand_wildcards}, and {@code slices},
 * {@code timeout}, {@code wait_for_active_shards}, {@code requests_per_second} (accepted, ignored).
 * Not supported: {@code wait_for_completion=false} (tasks), throttling, slicing, {@code _rethrottle}.
 */
public class DeleteByQueryPlugin extends Plugin implements ActionPlugin {

    public DeleteByQueryPlugin() {}

    @Override
    public Collection<RestHandler> getRestHandlers(
        Settings settings,
        NamedWriteableRegistry namedWriteableRegistry,
        RestController restController,
        ClusterSettings clusterSettings,
        IndexScopedSettings indexScopedSettings,
        SettingsFilter settingsFilter,
        IndexNameExpressionResolver indexNameExpressionResolver,
        Supplier<DiscoveryNodes> nodesInCluster,
        Predicate<NodeFeature> clusterSupportsFeature
    ) {
        return List.of(new Handler());
    }

    static final class Handler extends BaseRestHandler {
        private static final TimeValue KEEP_ALIVE = TimeValue.timeValueMinutes(5);

        @Override
        public String getName() {
            return "fugong_delete_by_query_action";
        }

        @Override
        public List<Route> routes() {
            return List.of(new Route(RestRequest.Method.POST, "/{index}/_delete_by_query"));
        }

        @Override
        protected Set<String> responseParams() {
            return Set.of();
        }

        @Override
        protected RestChannelConsumer prepareRequest(RestRequest request, NodeClient client) throws IOException {
            String[] indices = Strings.splitStringByCommaToArray(request.param("index"));
            QueryBuilder query = null;
            long maxDocs = request.paramAsLong("max_docs", -1);
            if (request.hasContentOrSourceParam()) {
                try (XContentParser parser = request.contentOrSourceParamParser()) {
                    XContentParser.Token token = parser.nextToken();
                    if (token != XContentParser.Token.START_OBJECT) {
                        throw new IllegalArgumentException("request body must be an object");
                    }
                    while ((token = parser.nextToken()) == XContentParser.Token.FIELD_NAME) {
                        String field = parser.currentName();
                        parser.nextToken();
                        switch (field) {
                            case "query" -> query = AbstractQueryBuilder.parseTopLevelQuery(parser);
                            case "max_docs", "size" -> maxDocs = parser.longValue();
                            case "conflicts" -> request.params().put("conflicts", parser.text());
                            default -> throw new IllegalArgumentException(
                                "[_delete_by_query] (fugong dev stand-in) does not support body field [" + field + "]"
                            );
                        }
                    }
                }
            } else if (request.hasParam("q")) {
                query = QueryBuilders.queryStringQuery(request.param("q"));
            }
            if (query == null) {
                throw new IllegalArgumentException("query is missing");
            }
            String conflicts = request.param("conflicts", "abort");
            if (conflicts.equals("abort") == false && conflicts.equals("proceed") == false) {
                throw new IllegalArgumentException("conflicts may only be \"proceed\" or \"abort\" but was [" + conflicts + "]");
            }
            if (request.paramAsBoolean("wait_for_completion", true) == false) {
                throw new IllegalArgumentException(
                    "[_delete_by_query] (fugong dev stand-in) supports only wait_for_completion=true; "
                        + "the reindex module with task support is not available in this node"
                );
            }
            int scrollSize = request.paramAsInt("scroll_size", 1000);
            boolean refresh = request.paramAsBoolean("refresh", false);
            String routing = request.param("routing");
            IndicesOptions indicesOptions = IndicesOptions.fromRequest(request, IndicesOptions.strictExpandOpen());
            // accepted for compatibility, no effect here
            for (String p : List.of("slices", "timeout", "wait_for_active_shards", "requests_per_second", "scroll", "search_type")) {
                request.param(p);
            }

            SearchRequest search = new SearchRequest(indices).indicesOptions(indicesOptions)
                .routing(routing)
                .scroll(KEEP_ALIVE)
                .source(
                    new SearchSourceBuilder().query(query)
                        .size(maxDocs > 0 ? (int) Math.min(scrollSize, maxDocs) : scrollSize)
                        .fetchSource(false)
                        .seqNoAndPrimaryTerm(true)
                        .storedField("_routing")
                        .sort("_doc", SortOrder.ASC)
                        .trackTotalHits(true)
                );
            boolean abortOnConflict = conflicts.equals("abort");
            long finalMaxDocs = maxDocs;
            return channel -> new Run(client, channel, indices, indicesOptions, refresh, abortOnConflict, finalMaxDocs).start(search);
        }
    }

    /** One delete-by-query execution: scroll page -> bulk delete -> next page ... -> clear scroll -> refresh -> respond. */
    static final class Run {
        private final NodeClient client;
        private final RestChannel channel;
        private final String[] indices;
        private final IndicesOptions indicesOptions;
        private final boolean refresh;
        private final boolean abortOnConflict;
        private final long maxDocs;
        private final long startNanos = System.nanoTime();
        private final List<String> failures = new ArrayList<>();
        private RestStatus failureStatus = RestStatus.OK;
        private long total, deleted, batches, conflicts, processed;
        private String scrollId;

        Run(NodeClient client, RestChannel channel, String[] indices, IndicesOptions indicesOptions, boolean refresh,
            boolean abortOnConflict, long maxDocs) {
            this.client = client;
            this.channel = channel;
            this.indices = indices;
            this.indicesOptions = indicesOptions;
            this.refresh = refresh;
            this.abortOnConflict = abortOnConflict;
            this.maxDocs = maxDocs;
        }

        void start(SearchRequest search) {
            client.search(search, ActionListener.wrap(r -> onPage(r, true), this::fatal));
        }

        private void onPage(SearchResponse response, boolean first) {
            scrollId = response.getScrollId();
            if (first) {
                long hitsTotal = response.getHits().getTotalHits() == null ? 0 : response.getHits().getTotalHits().value;
                total = maxDocs > 0 ? Math.min(hitsTotal, maxDocs) : hitsTotal;
            }
            SearchHit[] hits = response.getHits().getHits();
            if (hits.length == 0 || (maxDocs > 0 && processed >= maxDocs)) {
                finish();
                return;
            }
            BulkRequest bulk = new BulkRequest();
            for (SearchHit hit : hits) {
                if (maxDocs > 0 && processed >= maxDocs) {
                    break;
                }
                processed++;
                DeleteRequest delete = new DeleteRequest(hit.getIndex(), hit.getId()).setIfSeqNo(hit.getSeqNo())
                    .setIfPrimaryTerm(hit.getPrimaryTerm());
                DocumentField routing = hit.field("_routing");
                if (routing != null && routing.getValue() != null) {
                    delete.routing(routing.getValue().toString());
                }
                bulk.add(delete);
            }
            batches++;
            client.bulk(bulk, ActionListener.wrap(this::onBulk, this::fatal));
        }

        private void onBulk(BulkResponse bulk) {
            boolean stop = false;
            for (BulkItemResponse item : bulk.getItems()) {
                if (item.isFailed() == false) {
                    // a doc deleted concurrently comes back as not_found; count it like the real thing would skip it
                    if (item.getResponse().getResult() == org.elasticsearch.action.DocWriteResponse.Result.DELETED) {
                        deleted++;
                    }
                } else if (item.getFailure().getStatus() == RestStatus.CONFLICT) {
                    conflicts++;
                    if (abortOnConflict) {
                        addFailure(item);
                        failureStatus = RestStatus.CONFLICT;
                        stop = true;
                    }
                } else {
                    addFailure(item);
                    if (failureStatus == RestStatus.OK) {
                        failureStatus = item.getFailure().getStatus();
                    }
                    stop = true;
                }
            }
            if (stop || (maxDocs > 0 && processed >= maxDocs)) {
                finish();
                return;
            }
            client.searchScroll(
                new SearchScrollRequest(scrollId).scroll(Handler.KEEP_ALIVE),
                ActionListener.wrap(r -> onPage(r, false), this::fatal)
            );
        }

        private void addFailure(BulkItemResponse item) {
            BulkItemResponse.Failure f = item.getFailure();
            String cause = Strings.toString((builder, params) -> {
                org.elasticsearch.ElasticsearchException.generateThrowableXContent(builder, params, f.getCause());
                return builder;
            });
            failures.add(
                "{\"index\":\"" + f.getIndex() + "\",\"id\":\"" + f.getId() + "\",\"status\":" + f.getStatus().getStatus() + ",\"cause\":"
                    + cause + "}"
            );
        }

        private void finish() {
            Runnable respond = () -> {
                if (refresh) {
                    client.admin()
                        .indices()
                        .refresh(new RefreshRequest(indices).indicesOptions(indicesOptions), ActionListener.wrap(r -> respond(), this::fatal));
                } else {
                    respond();
                }
            };
            if (scrollId != null) {
                ClearScrollRequest clear = new ClearScrollRequest();
                clear.addScrollId(scrollId);
                client.clearScroll(clear, ActionListener.wrap(r -> respond.run(), e -> respond.run()));
            } else {
                respond.run();
            }
        }

        private void respond() {
            try {
                XContentBuilder b = channel.newBuilder();
                b.startObject();
                b.field("took", (System.nanoTime() - startNanos) / 1_000_000);
                b.field("timed_out", false);
                b.field("total", total);
                b.field("deleted", deleted);
                b.field("batches", batches);
                b.field("version_conflicts", conflicts);
                b.field("noops", 0);
                b.startObject("retries").field("bulk", 0).field("search", 0).endObject();
                b.field("throttled_millis", 0);
                b.field("requests_per_second", -1.0f);
                b.field("throttled_until_millis", 0);
                b.startArray("failures");
                for (String f : failures) {
                    b.rawValue(new java.io.ByteArrayInputStream(f.getBytes(java.nio.charset.StandardCharsets.UTF_8)),
                        org.elasticsearch.xcontent.XContentType.JSON);
                }
                b.endArray();
                b.endObject();
                channel.sendResponse(new RestResponse(failureStatus, b));
            } catch (Exception e) {
                fatal(e);
            }
        }

        private void fatal(Exception e) {
            try {
                channel.sendResponse(new RestResponse(channel, ExceptionsHelper.unwrapCause(e) instanceof Exception ex ? ex : e));
            } catch (Exception inner) {
                inner.addSuppressed(e);
                org.apache.logging.log4j.LogManager.getLogger(DeleteByQueryPlugin.class).warn("failed to send error response", inner);
            }
        }
    }
}
