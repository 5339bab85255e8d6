#ifndef VNFACTS_FUZZDRIVER_H
#define VNFACTS_FUZZDRIVER_H
/* The executable's entry point hands control to libFuzzer's driver: SwiftPM names an executable
   target's entry `vnfacts_fuzz_main`, which a library-mode Swift target (needed by libFuzzer)
   does not define. */
int vnfacts_fuzz_main(int argc, char **argv);
#endif
