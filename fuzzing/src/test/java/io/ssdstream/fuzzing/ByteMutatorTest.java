package io.ssdstream.fuzzing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ByteMutatorTest {

    private static final List<byte[]> CORPUS = List.of("valid input one".getBytes(), "another, longer valid input".getBytes());
    private static final MutationDictionary DICTIONARY = new MutationDictionary(new int[] {0x00, 0xFF},
            MutationDictionary.littleEndianWords(-1, Long.MAX_VALUE));

    @Test
    void theSameSeedReplaysTheSameInputsAndAnotherSeedDoesNot() {
        assertThat(sequence(42)).containsExactlyElementsOf(sequence(42));
        assertThat(sequence(43)).isNotEqualTo(sequence(42));
    }

    @Test
    void mutatesTheCorpusWithoutChangingIt() {
        List<String> before = CORPUS.stream().map(ByteMutator::hex).toList();
        List<String> outputs = sequence(7);

        assertThat(CORPUS.stream().map(ByteMutator::hex).toList()).isEqualTo(before);
        assertThat(outputs.stream().filter(before::contains).count()).isLessThan(outputs.size() / 10);
    }

    @Test
    void wordsAreLittleEndianInFourAndEightBytes() {
        List<byte[]> words = MutationDictionary.littleEndianWords(0x0102030405060708L);

        assertThat(words.get(0)).isEqualTo(ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt(0x05060708).array());
        assertThat(words.get(1)).isEqualTo(
                ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(0x0102030405060708L).array());
    }

    @Test
    void hexIsLowerCaseTwoDigitsPerByte() {
        assertThat(ByteMutator.hex(new byte[] {0x00, 0x0A, (byte) 0xFF})).isEqualTo("000aff");
    }

    @Test
    void refusesAnEmptyCorpusOrDictionary() {
        assertThatThrownBy(() -> new ByteMutator(1, List.of(), DICTIONARY)).hasMessageContaining("corpus");
        assertThatThrownBy(() -> new MutationDictionary(new int[0], List.of(new byte[1])))
                .hasMessageContaining("dictionary");
    }

    private static List<String> sequence(long seed) {
        ByteMutator mutator = new ByteMutator(seed, CORPUS, DICTIONARY);
        List<String> out = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            out.add(ByteMutator.hex(mutator.next()));
        }
        return out;
    }
}
