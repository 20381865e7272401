package io.ssdstream.tracking.association;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class AssignmentTest {

    @Test
    void findsTheCheapestOfAllPermutations() {
        // the six permutations cost: (1,0,2)->1+2+2=5, (0,1,2)->4+0+2=6, (2,1,0)->3+0+3=6, (2,0,1)->3+2+2=7,
        // (1,2,0)->1+5+3=9, (0,2,1)->4+5+2=11; only the first costs 5
        double[][] cost = {{4, 1, 3}, {2, 0, 5}, {3, 2, 2}};
        assertThat(Assignment.solve(cost, 10)).containsExactly(1, 0, 2);
    }

    @Test
    void prefersMorePairsOverTheGreedyCheapestOne() {
        // greedy takes (0,0) at 0.1 and then (1,1) at 1.0 is gated (> 0.9): one pair. Crossing gives two allowed
        // pairs, (0,1) 0.2 and (1,0) 0.15
        double[][] cost = {{0.1, 0.2}, {0.15, 1.0}};
        assertThat(Assignment.solve(cost, 0.9)).containsExactly(1, 0);
    }

    @Test
    void handlesMoreRowsThanColumnsAndGatesOutExpensivePairs() {
        assertThat(Assignment.solve(new double[][] {{0.5}, {0.2}, {0.9}}, 1)).containsExactly(-1, 0, -1);
        assertThat(Assignment.solve(new double[][] {{0.95, 0.99}}, 0.9)).containsExactly(-1);
        assertThat(Assignment.solve(new double[0][0], 0.9)).isEmpty();
    }

    @Test
    void refusesARaggedMatrix() {
        assertThatThrownBy(() -> Assignment.solve(new double[][] {{0.1, 0.2}, {0.3}}, 1))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("row 1");
    }
}
