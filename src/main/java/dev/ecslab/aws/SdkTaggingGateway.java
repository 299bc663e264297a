package dev.ecslab.aws;

import software.amazon.awssdk.services.resourcegroupstaggingapi.ResourceGroupsTaggingApiClient;
import software.amazon.awssdk.services.resourcegroupstaggingapi.model.ResourceTagMapping;
import software.amazon.awssdk.services.resourcegroupstaggingapi.model.Tag;
import software.amazon.awssdk.services.resourcegroupstaggingapi.model.TagFilter;

import java.util.List;
import java.util.function.Supplier;
import java.util.stream.Collectors;

final class SdkTaggingGateway implements TaggingGateway {
    private final Supplier<ResourceGroupsTaggingApiClient> client;

    SdkTaggingGateway(Supplier<ResourceGroupsTaggingApiClient> client) {
        this.client = client;
    }

    private ResourceGroupsTaggingApiClient tagging() {
        return client.get();
    }

    @Override
    public List<Tagged> findTagged(String key, List<String> resourceTypes) {
        return AwsCall.run("find resources tagged " + key, () -> tagging().getResourcesPaginator(r -> r
                        .tagFilters(TagFilter.builder().key(key).build()).resourceTypeFilters(resourceTypes))
                .resourceTagMappingList().stream().map(m -> new Tagged(m.resourceARN(), m.tags().stream()
                        .collect(Collectors.toMap(Tag::key, Tag::value, (a, b) -> b))))
                .collect(Collectors.toList()));
    }

    @Override
    public List<String> findArnsByTag(String key, String value, List<String> resourceTypes) {
        return AwsCall.run("find resources tagged " + key + "=" + value, () -> tagging().getResourcesPaginator(r -> r
                        .tagFilters(TagFilter.builder().key(key).values(value).build())
                        .resourceTypeFilters(resourceTypes))
                .resourceTagMappingList().stream().map(ResourceTagMapping::resourceARN)
                .collect(Collectors.toList()));
    }
}
