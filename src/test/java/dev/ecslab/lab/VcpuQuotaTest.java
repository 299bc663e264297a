package dev.ecslab.lab;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Which instance types count against "Running On-Demand Standard (A, C, D, H, I, M, R, T, Z) instances". */
class VcpuQuotaTest {
    @ParameterizedTest
    @CsvSource({"t3.micro, true", "t4g.small, true", "m7i-flex.large, true", "c7gn.xlarge, true", "r7iz.2xlarge, true",
            "z1d.metal, true", "a1.medium, true", "d3en.xlarge, true", "h1.2xlarge, true", "i4i.large, true",
            "im4gn.large, true", "g5.xlarge, false", "p4d.24xlarge, false", "x2iedn.xlarge, false", "f1.2xlarge, false",
            "inf2.xlarge, false", "trn1.2xlarge, false", "dl1.24xlarge, false", "hpc6a.48xlarge, false",
            "mac1.metal, false", "u-6tb1.metal, false", "vt1.3xlarge, false"})
    void standard_families_count_and_the_others_do_not(String type, boolean standard) {
        assertEquals(standard, VcpuQuota.isStandard(type), type);
    }

    @ParameterizedTest
    @CsvSource({"32, 30, 2, true", "32, 31, 2, false", "5, 0, 8, false", ", 1000, 2, true"})
    void the_lab_fits_when_what_is_in_use_and_its_vcpus_are_within_the_quota(Double quota, int inUse, int need,
                                                                                boolean fits) {
        assertEquals(fits, new VcpuQuota(quota, inUse).fits(need));
    }
}
