package io.ssdstream.ssd.postprocess;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.Comparator;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class RankingKeysTest {

    private record Candidate(float score, int cls, int anchor) {}

    @Test
    void keysSortAsScoreDescendingThenClassThenAnchorForIndicesPastSixteenBits() {
        int classes = 90;
        int anchors = 200_000;
        RankingKeys ranking = new RankingKeys(classes, anchors);
        SplittableRandom random = new SplittableRandom(3);
        Candidate[] candidates = new Candidate[2_000];
        for (int i = 0; i < candidates.length; i++) {
            // few distinct scores, so ties on score and on class are common
            float score = (1 + random.nextInt(5)) / 5f;
            candidates[i] = new Candidate(score, random.nextInt(classes), random.nextInt(anchors));
        }
        long[] keys = Arrays.stream(candidates).mapToLong(c -> ranking.key(c.score(), c.cls(), c.anchor())).toArray();
        Arrays.sort(keys);
        Candidate[] expected = candidates.clone();
        Arrays.sort(expected, Comparator.comparingDouble((Candidate c) -> -c.score())
                .thenComparingInt(Candidate::cls).thenComparingInt(Candidate::anchor));

        Candidate[] decoded = Arrays.stream(keys)
                .mapToObj(k -> new Candidate(RankingKeys.scoreOf(k), ranking.classOf(k), ranking.anchorOf(k)))
                .toArray(Candidate[]::new);
        assertThat(decoded).containsExactly(expected);
    }

    @Test
    void theLastSlotOfTheLargestModelRoundTrips() {
        int classes = 65_536;
        int anchors = 65_536;
        RankingKeys ranking = new RankingKeys(classes, anchors);
        long key = ranking.key(0.75f, classes - 1, anchors - 1);
        assertThat(ranking.classOf(key)).isEqualTo(classes - 1);
        assertThat(ranking.anchorOf(key)).isEqualTo(anchors - 1);
        assertThat(RankingKeys.scoreOf(key)).isEqualTo(0.75f);
        assertThat(key).isLessThan(ranking.key(0.5f, 0, 0));
    }

    @Test
    void refusesMoreCandidatesThanTheKeysCanRank() {
        assertThatThrownBy(() -> new RankingKeys(65_537, 65_536))
                .hasMessageContaining("65537 object classes x 65536 default boxes");
    }
}
