"""The 2-D thumbs up study: which views fail, and whether a nearest-neighbour arbiter on the
projected shape generalizes beyond the generator's exact distribution.

Reads the dumps of Tests/MedGesturesTests/ThumbStudyDumpTests.swift:
    THUMB_VIEWS_CSV=/tmp/views.csv swift test --filter ThumbStudyDumpTests/views
    THUMB_ARBITER_CSV=/tmp/arbiter.csv swift test --filter ThumbStudyDumpTests/arbiter
    python3 Benchmarks/gestures/thumb_study.py /tmp/views.csv /tmp/arbiter.csv

The arbiter is only consulted where the rules see a fist-like hand (their answer is closed fist,
thumbs up or thumbs down): it names the hand thumbs up (down) when its k = 3 nearest training
hands, by the 42 canonical 2-D coordinates (wrist at the origin, hand size 1, right-hand
chirality), all are; otherwise closed fist. It is trained on the "train" set only (10 seeds).
"""
import sys
import numpy as np
import pandas as pd

views_path, arbiter_path = sys.argv[1], sys.argv[2]
NEGATIVE = ["closed_fist", "asl_a", "asl_s", "asl_e", "asl_o", "asl_c", "asl_i", "asl_j"]

v = pd.read_csv(views_path)
print("Google fixtures: palm plane angle to the image plane, hand axis angle out of it (degrees)")
for _, r in v[v.seed == 0].iterrows():
    print("  %-38s palm %5.1f  axis %5.1f" % (r.label, np.degrees(np.arccos(min(1, abs(r.palm_z)))),
                                              np.degrees(np.arcsin(r.axis_z))))
v = v[v.seed > 0].copy()
# 0 degrees: the palm plane (wrist, index and pinky knuckles) faces the camera (front or back of
# the fist); 90: seen edge-on (the knuckle row points at the camera, the "like" emoji view).
v["palm"] = np.degrees(np.arccos(v.palm_z.abs().clip(0, 1)))
v["axis"] = np.degrees(np.arcsin(v.axis_z.clip(-1, 1)))
for label in ["thumbs_up", "thumbs_down"]:
    x = v[v.label == label]
    print("\n%s (3 seeds, %d hands): recall by palm-plane angle to the image plane" % (label, len(x)))
    x = x.assign(ok2=x.predicted_2d == label, ok3=x.predicted_3d == label,
                 bin=pd.cut(x.palm, [0, 30, 60, 75, 90], include_lowest=True))
    print(x.groupby("bin", observed=True).agg(n=("ok2", "size"), recall_2d=("ok2", "mean"),
                                              recall_3d=("ok3", "mean")).round(3).to_string())
    x = x.assign(abin=pd.cut(x.axis, [-90, -20, 0, 20, 45, 90]))
    print("by hand axis angle toward (+) or away from the camera")
    print(x.groupby("abin", observed=True).agg(n=("ok2", "size"), recall_2d=("ok2", "mean")).round(3).to_string())

d = pd.read_csv(arbiter_path)
coords = [c for c in d.columns if c[0] in "xy" and c[1:].isdigit()]
X = d[coords].to_numpy()
label = np.array([str(s) for s in d.label], dtype="<U20")
rules = np.array([str(s) for s in d.predicted], dtype="<U20")
gate = np.isin(rules, ["closed_fist", "thumbs_up", "thumbs_down"])
train = (d.set == "train").to_numpy() & gate
Xtr = X[train]
ytr = np.where(label[train] == "thumbs_up", 1, np.where(label[train] == "thumbs_down", 2, 0))


def arbiter(Xq, k=3):
    out = np.zeros(len(Xq), int)
    for i in range(0, len(Xq), 500):
        q = Xq[i:i + 500]
        nearest = np.argsort(((q[:, None, :] - Xtr[None, :, :]) ** 2).sum(-1), 1)[:, :k]
        votes = ytr[nearest]
        out[i:i + 500] = np.where((votes == 1).all(1), 1, np.where((votes == 2).all(1), 2, 0))
    return out


def rates(truth, pred):
    r = {g: (pred[truth == g] == g).mean() if (truth == g).any() else np.nan
         for g in ["thumbs_up", "thumbs_down", "closed_fist"]}
    present = [g for g in NEGATIVE if (truth == g).any()]
    r["fp_up"] = max([(pred[truth == g] == "thumbs_up").mean() for g in present], default=np.nan)
    r["fp_down"] = max([(pred[truth == g] == "thumbs_down").mean() for g in present], default=np.nan)
    other = ~np.isin(truth, ["thumbs_up", "thumbs_down"] + NEGATIVE)
    named = np.char.replace(truth[other], "victory_narrow", "victory")
    r["others"] = (pred[other] == named).mean() if other.any() else np.nan
    return r


print("\nrules vs rules + 3-NN arbiter (trained on set 'train' only); fp = the worst fist/letter class")
print("%-13s %-6s %6s %6s %6s %6s %7s %6s" % ("set", "who", "up", "down", "fist", "fp_up", "fp_down", "others"))
subsets = [(s, (d.set == s).to_numpy()) for s in d.set.unique() if s != "train"]
subsets += [("seeds right", ((d.set == "seeds") & (d.left == 0)).to_numpy()),
            ("seeds left", ((d.set == "seeds") & (d.left == 1)).to_numpy())]
for name, m in subsets:
    truth, before = label[m], rules[m]
    after = before.copy()
    g = gate[m]
    a = arbiter(X[m][g])
    after[g] = np.where(a == 1, "thumbs_up", np.where(a == 2, "thumbs_down", "closed_fist"))
    for who, pred in [("rules", before), ("+knn", after)]:
        r = rates(truth, pred)
        print("%-13s %-6s %6.3f %6.3f %6.3f %6.3f %7.3f %6.3f" % (
            name, who, r["thumbs_up"], r["thumbs_down"], r["closed_fist"], r["fp_up"], r["fp_down"], r["others"]))
