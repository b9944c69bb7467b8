import MedSynthetic

// Writes samples/gestures with MedSynthetic's generator (Sources/MedSynthetic/Gestures/GestureSampleFiles.swift).
// Run from Benchmarks/: swift run GestureSampleGenerator ../samples/gestures
let out = CommandLine.arguments.count > 1 ? CommandLine.arguments[1] : "../samples/gestures"
try GestureSampleFiles.write(to: out)
print("wrote samples to \(out)")
