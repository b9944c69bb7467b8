import ArgumentParser

/// `--seed`: the run seed, in a group of its own because two things derive from it.
struct SeedOption: ParsableArguments {
    @Option(
        help: """
            The run seed. It seeds the patient-level split (the same seed gives the same splits on any \
            machine) and, with each sample's key, the augmentation draws of --augment. Recorded once in the manifest.
            """)
    var seed: UInt64 = 0
}
