// mnv3-default on the bundled networks: after the pipeline, a function body
// holds exactly the stem conv, one mnv3.bneck per bottleneck row, the head
// conv, the pool, flatten and the two classifier layers. No BatchNorm, no
// standalone activation and no loose SE piece (mul, inner pool) may remain.
// Inputs/count_ops.py lists the ops by kind and place ("top" = function
// body, "in mnv3.bneck" = inside the regions); CHECK-NEXT over the sorted
// list makes it exact: any new kind of op at the top level fails the test.
// The IMPORT prefixes pin the imported form, i.e. what the pipeline removes.
// The pipeline output is re-parsed by mnv3-opt first, so the fused IR must
// print and parse back, and running mnv3-default on its own output must
// change nothing (mnv3c compile may be given IR that is already fused).
// The minimalistic variants (no SE) and custom075 (width 0.75, kernel 7,
// dilated rows, test/e2e/Inputs) fuse the same way.
//
//   op counts        imported (top level)                       after mnv3-default
//   Large  conv2d 62, batch_norm 46, relu 19, hardswish 21,     stem + head conv2d 2, bneck 15
//          hardsigmoid 8, mul 8, global_avg_pool 9, add 10,    (44 conv2d, 8 se, 10 add inside),
//          flatten 1, linear 2, constants 266                  pool 1, flatten 1, linear 2, constants 128
//   Small  conv2d 52, batch_norm 34, relu 14, hardswish 19,     conv2d 2, bneck 11
//          hardsigmoid 9, mul 9, global_avg_pool 10, add 6,    (32 conv2d, 9 se, 6 add inside),
//          flatten 1, linear 2, constants 210                  pool 1, flatten 1, linear 2, constants 108
//   V2     conv2d 52, batch_norm 52, relu6 35, add 10,         conv2d 2, bneck 17
//          global_avg_pool 1, flatten 1, linear 1,             (50 conv2d, 10 add inside),
//          constants 262                                       pool 1, flatten 1, linear 1, constants 106
//   B0     conv2d 81, batch_norm 49, swish 49, sigmoid 16,      conv2d 2, bneck 16
//          mul 16, global_avg_pool 17, add 9, flatten 1,       (47 conv2d, 16 se, 9 add inside),
//          linear 1, constants 311                             pool 1, flatten 1, linear 1, constants 164
//
// Constants after the pipeline: two per conv (folded weight and bias), four
// per SE, two per linear layer; every BatchNorm statistic is gone.

// RUN: mnv3c import %models/mobilenet_v3_large.mnv3 | %python %S/Inputs/count_ops.py | FileCheck %s --check-prefix=LARGE-IMPORT
// RUN: mnv3c import %models/mobilenet_v3_large.mnv3 --passes=mnv3-default | mnv3-opt | %python %S/Inputs/count_ops.py | FileCheck %s --check-prefix=LARGE
// RUN: mnv3c import %models/mobilenet_v3_large.mnv3 --passes=mnv3-default | FileCheck %s --check-prefix=LARGE-IR
// RUN: mnv3c import %models/mobilenet_v3_large.mnv3 --passes=mnv3-default | mnv3-opt --pass-pipeline='builtin.module(mnv3-default)' | %python %S/Inputs/count_ops.py | FileCheck %s --check-prefix=LARGE
// RUN: mnv3c import %models/mobilenet_v3_small.mnv3 | %python %S/Inputs/count_ops.py | FileCheck %s --check-prefix=SMALL-IMPORT
// RUN: mnv3c import %models/mobilenet_v3_small.mnv3 | mnv3-opt --pass-pipeline='builtin.module(mnv3-default)' | mnv3-opt | %python %S/Inputs/count_ops.py | FileCheck %s --check-prefix=SMALL
// RUN: mnv3c import %models/mobilenet_v3_small.mnv3 --passes=mnv3-default | FileCheck %s --check-prefix=SMALL-IR

// LARGE-IMPORT:      @mobilenet_v3_large
// LARGE-IMPORT-NEXT: top mnv3.add 10
// LARGE-IMPORT-NEXT: top mnv3.batch_norm 46
// LARGE-IMPORT-NEXT: top mnv3.constant 266
// LARGE-IMPORT-NEXT: top mnv3.conv2d 62
// LARGE-IMPORT-NEXT: top mnv3.flatten 1
// LARGE-IMPORT-NEXT: top mnv3.global_avg_pool 9
// LARGE-IMPORT-NEXT: top mnv3.hardsigmoid 8
// LARGE-IMPORT-NEXT: top mnv3.hardswish 21
// LARGE-IMPORT-NEXT: top mnv3.linear 2
// LARGE-IMPORT-NEXT: top mnv3.mul 8
// LARGE-IMPORT-NEXT: top mnv3.relu 19
// LARGE-IMPORT-NOT:  {{.}}

// LARGE:      @mobilenet_v3_large
// LARGE-NEXT: top mnv3.bneck 15
// LARGE-NEXT: top mnv3.constant 128
// LARGE-NEXT: top mnv3.conv2d 2
// LARGE-NEXT: top mnv3.flatten 1
// LARGE-NEXT: top mnv3.global_avg_pool 1
// LARGE-NEXT: top mnv3.linear 2
// LARGE-NEXT: in mnv3.bneck mnv3.add 10
// LARGE-NEXT: in mnv3.bneck mnv3.conv2d 44
// LARGE-NEXT: in mnv3.bneck mnv3.se 8
// LARGE-NEXT: in mnv3.bneck mnv3.yield 15
// LARGE-NOT:  {{.}}

// The order and the data flow at the top level: image -> stem -> 15 bnecks
// -> head -> pool -> flatten -> fc (hardswish) -> fc.
// LARGE-IR-LABEL: func.func @mobilenet_v3_large
// LARGE-IR-SAME: (%[[IMG:[^:]*]]: tensor<1x3x224x224xf32>) -> tensor<1x1000xf32>
// LARGE-IR-NOT: mnv3.batch_norm
// LARGE-IR: %[[STEM:.*]] = mnv3.conv2d %[[IMG]], %{{[^,]*}}, %{{[^ ]*}} stride [2, 2] pad [1, 1] act hardswish : {{.*}} -> tensor<1x16x112x112xf32>
// LARGE-IR-NEXT: %[[FIRST:.*]] = mnv3.bneck %[[STEM]] : tensor<1x16x112x112xf32> -> tensor<1x16x112x112xf32>
// LARGE-IR-COUNT-13: %{{[^ ]+}} = mnv3.bneck
// LARGE-IR: %[[LAST:[^ ]+]] = mnv3.bneck %{{[^ ]*}} : tensor<1x160x7x7xf32> -> tensor<1x160x7x7xf32>
// LARGE-IR-NOT: mnv3.bneck
// LARGE-IR: %[[HEAD:.*]] = mnv3.conv2d %[[LAST]], %{{[^,]*}}, %{{[^ ]*}} act hardswish : {{.*}} -> tensor<1x960x7x7xf32>
// LARGE-IR-NEXT: %[[POOL:.*]] = mnv3.global_avg_pool %[[HEAD]] : tensor<1x960x7x7xf32> -> tensor<1x960x1x1xf32>
// LARGE-IR-NEXT: %[[FLAT:.*]] = mnv3.flatten %[[POOL]]
// LARGE-IR-NEXT: %[[FC1:.*]] = mnv3.linear %[[FLAT]], %{{[^,]*}}, %{{[^ ]*}} act hardswish : {{.*}} -> tensor<1x1280xf32>
// LARGE-IR-NEXT: %[[FC2:.*]] = mnv3.linear %[[FC1]], %{{[^,]*}}, %{{[^ ]*}} : {{.*}} -> tensor<1x1000xf32>
// LARGE-IR-NEXT: return %[[FC2]]

// SMALL-IMPORT:      @mobilenet_v3_small
// SMALL-IMPORT-NEXT: top mnv3.add 6
// SMALL-IMPORT-NEXT: top mnv3.batch_norm 34
// SMALL-IMPORT-NEXT: top mnv3.constant 210
// SMALL-IMPORT-NEXT: top mnv3.conv2d 52
// SMALL-IMPORT-NEXT: top mnv3.flatten 1
// SMALL-IMPORT-NEXT: top mnv3.global_avg_pool 10
// SMALL-IMPORT-NEXT: top mnv3.hardsigmoid 9
// SMALL-IMPORT-NEXT: top mnv3.hardswish 19
// SMALL-IMPORT-NEXT: top mnv3.linear 2
// SMALL-IMPORT-NEXT: top mnv3.mul 9
// SMALL-IMPORT-NEXT: top mnv3.relu 14
// SMALL-IMPORT-NOT:  {{.}}

// SMALL:      @mobilenet_v3_small
// SMALL-NEXT: top mnv3.bneck 11
// SMALL-NEXT: top mnv3.constant 108
// SMALL-NEXT: top mnv3.conv2d 2
// SMALL-NEXT: top mnv3.flatten 1
// SMALL-NEXT: top mnv3.global_avg_pool 1
// SMALL-NEXT: top mnv3.linear 2
// SMALL-NEXT: in mnv3.bneck mnv3.add 6
// SMALL-NEXT: in mnv3.bneck mnv3.conv2d 32
// SMALL-NEXT: in mnv3.bneck mnv3.se 9
// SMALL-NEXT: in mnv3.bneck mnv3.yield 11
// SMALL-NOT:  {{.}}

// Small's first block has SE, no expansion and stride 2 (no residual).
// SMALL-IR-LABEL: func.func @mobilenet_v3_small
// SMALL-IR-SAME: (%[[IMG:[^:]*]]: tensor<1x3x224x224xf32>) -> tensor<1x1000xf32>
// SMALL-IR-NOT: mnv3.batch_norm
// SMALL-IR: %[[STEM:.*]] = mnv3.conv2d %[[IMG]], %{{[^,]*}}, %{{[^ ]*}} stride [2, 2] pad [1, 1] act hardswish : {{.*}} -> tensor<1x16x112x112xf32>
// SMALL-IR-NEXT: %[[FIRST:.*]] = mnv3.bneck %[[STEM]] : tensor<1x16x112x112xf32> -> tensor<1x16x56x56xf32> {
// SMALL-IR-NEXT: ^bb0(%[[IN:.*]]: tensor<1x16x112x112xf32>):
// SMALL-IR-NEXT:   %[[DW:.*]] = mnv3.conv2d %[[IN]], {{.*}} stride [2, 2] pad [1, 1] groups 16 act relu :
// SMALL-IR-NEXT:   %[[SE:.*]] = mnv3.se %[[DW]],
// SMALL-IR-NEXT:   %[[PROJ:.*]] = mnv3.conv2d %[[SE]],
// SMALL-IR-NEXT:   mnv3.yield %[[PROJ]]
// SMALL-IR-NEXT: }
// SMALL-IR-COUNT-9: %{{[^ ]+}} = mnv3.bneck
// SMALL-IR: %[[LAST:[^ ]+]] = mnv3.bneck %{{[^ ]*}} : tensor<1x96x7x7xf32> -> tensor<1x96x7x7xf32>
// SMALL-IR-NOT: mnv3.bneck
// SMALL-IR: %[[HEAD:.*]] = mnv3.conv2d %[[LAST]], %{{[^,]*}}, %{{[^ ]*}} act hardswish : {{.*}} -> tensor<1x576x7x7xf32>
// SMALL-IR-NEXT: %[[POOL:.*]] = mnv3.global_avg_pool %[[HEAD]]
// SMALL-IR-NEXT: %[[FLAT:.*]] = mnv3.flatten %[[POOL]]
// SMALL-IR-NEXT: %[[FC1:.*]] = mnv3.linear %[[FLAT]], %{{[^,]*}}, %{{[^ ]*}} act hardswish : {{.*}} -> tensor<1x1024xf32>
// SMALL-IR-NEXT: %[[FC2:.*]] = mnv3.linear %[[FC1]], %{{[^,]*}}, %{{[^ ]*}} : {{.*}} -> tensor<1x1000xf32>
// SMALL-IR-NEXT: return %[[FC2]]

// RUN: mnv3c import %models/mobilenet_v3_large_minimalistic.mnv3 --passes=mnv3-default | %python %S/Inputs/count_ops.py | FileCheck %s --check-prefix=LARGE-MIN
// LARGE-MIN:      @mobilenet_v3_large_minimalistic
// LARGE-MIN-NEXT: top mnv3.bneck 15
// LARGE-MIN-NEXT: top mnv3.constant 96
// LARGE-MIN-NEXT: top mnv3.conv2d 2
// LARGE-MIN-NEXT: top mnv3.flatten 1
// LARGE-MIN-NEXT: top mnv3.global_avg_pool 1
// LARGE-MIN-NEXT: top mnv3.linear 2
// LARGE-MIN-NEXT: in mnv3.bneck mnv3.add 10
// LARGE-MIN-NEXT: in mnv3.bneck mnv3.conv2d 44
// LARGE-MIN-NEXT: in mnv3.bneck mnv3.yield 15
// LARGE-MIN-NOT:  {{.}}

// RUN: mnv3c import %models/mobilenet_v3_small_minimalistic.mnv3 --passes=mnv3-default | %python %S/Inputs/count_ops.py | FileCheck %s --check-prefix=SMALL-MIN
// SMALL-MIN:      @mobilenet_v3_small_minimalistic
// SMALL-MIN-NEXT: top mnv3.bneck 11
// SMALL-MIN-NEXT: top mnv3.constant 72
// SMALL-MIN-NEXT: top mnv3.conv2d 2
// SMALL-MIN-NEXT: top mnv3.flatten 1
// SMALL-MIN-NEXT: top mnv3.global_avg_pool 1
// SMALL-MIN-NEXT: top mnv3.linear 2
// SMALL-MIN-NEXT: in mnv3.bneck mnv3.add 6
// SMALL-MIN-NEXT: in mnv3.bneck mnv3.conv2d 32
// SMALL-MIN-NEXT: in mnv3.bneck mnv3.yield 11
// SMALL-MIN-NOT:  {{.}}

// RUN: mnv3c import %S/../e2e/Inputs/custom075.mnv3 --passes=mnv3-default | %python %S/Inputs/count_ops.py | FileCheck %s --check-prefix=CUSTOM
// CUSTOM:      @mobilenet_v3_custom075
// CUSTOM-NEXT: top mnv3.bneck 10
// CUSTOM-NEXT: top mnv3.constant 86
// CUSTOM-NEXT: top mnv3.conv2d 2
// CUSTOM-NEXT: top mnv3.flatten 1
// CUSTOM-NEXT: top mnv3.global_avg_pool 1
// CUSTOM-NEXT: top mnv3.linear 2
// CUSTOM-NEXT: in mnv3.bneck mnv3.add 6
// CUSTOM-NEXT: in mnv3.bneck mnv3.conv2d 29
// CUSTOM-NEXT: in mnv3.bneck mnv3.se 5
// CUSTOM-NEXT: in mnv3.bneck mnv3.yield 10
// CUSTOM-NOT:  {{.}}

// MobileNetV2 (family mobilenet_v2): every one of its 17 blocks becomes one
// mnv3.bneck, the projection's bare conv + BatchNorm and ReLU6 included;
// no batch_norm or relu6 is left at the top level.
// RUN: mnv3c import %models/mobilenet_v2.mnv3 | %python %S/Inputs/count_ops.py | FileCheck %s --check-prefix=V2-IMPORT
// RUN: mnv3c import %models/mobilenet_v2.mnv3 --passes=mnv3-default | mnv3-opt | %python %S/Inputs/count_ops.py | FileCheck %s --check-prefix=V2
// RUN: mnv3c import %models/mobilenet_v2.mnv3 --passes=mnv3-default | mnv3-opt --pass-pipeline='builtin.module(mnv3-default)' | %python %S/Inputs/count_ops.py | FileCheck %s --check-prefix=V2
// V2-IMPORT:      @mobilenet_v2
// V2-IMPORT-NEXT: top mnv3.add 10
// V2-IMPORT-NEXT: top mnv3.batch_norm 52
// V2-IMPORT-NEXT: top mnv3.constant 262
// V2-IMPORT-NEXT: top mnv3.conv2d 52
// V2-IMPORT-NEXT: top mnv3.flatten 1
// V2-IMPORT-NEXT: top mnv3.global_avg_pool 1
// V2-IMPORT-NEXT: top mnv3.linear 1
// V2-IMPORT-NEXT: top mnv3.relu6 35
// V2-IMPORT-NOT:  {{.}}

// V2:      @mobilenet_v2
// V2-NEXT: top mnv3.bneck 17
// V2-NEXT: top mnv3.constant 106
// V2-NEXT: top mnv3.conv2d 2
// V2-NEXT: top mnv3.flatten 1
// V2-NEXT: top mnv3.global_avg_pool 1
// V2-NEXT: top mnv3.linear 1
// V2-NEXT: in mnv3.bneck mnv3.add 10
// V2-NEXT: in mnv3.bneck mnv3.conv2d 50
// V2-NEXT: in mnv3.bneck mnv3.yield 17
// V2-NOT:  {{.}}

// EfficientNet-B0 (family efficientnet): each of its 16 MBConv blocks
// becomes one mnv3.bneck holding its SE (SiLU inside, sigmoid gate); no
// batch_norm, swish, sigmoid, mul or inner pool is left at the top level.
// RUN: mnv3c import %models/efficientnet_b0.mnv3 | %python %S/Inputs/count_ops.py | FileCheck %s --check-prefix=B0-IMPORT
// RUN: mnv3c import %models/efficientnet_b0.mnv3 --passes=mnv3-default | mnv3-opt | %python %S/Inputs/count_ops.py | FileCheck %s --check-prefix=B0
// RUN: mnv3c import %models/efficientnet_b0.mnv3 --passes=mnv3-default | mnv3-opt --pass-pipeline='builtin.module(mnv3-default)' | %python %S/Inputs/count_ops.py | FileCheck %s --check-prefix=B0
// RUN: mnv3c import %models/efficientnet_b0.mnv3 --passes=mnv3-default | FileCheck %s --check-prefix=B0-IR
// B0-IMPORT:      @efficientnet_b0
// B0-IMPORT-NEXT: top mnv3.add 9
// B0-IMPORT-NEXT: top mnv3.batch_norm 49
// B0-IMPORT-NEXT: top mnv3.constant 311
// B0-IMPORT-NEXT: top mnv3.conv2d 81
// B0-IMPORT-NEXT: top mnv3.flatten 1
// B0-IMPORT-NEXT: top mnv3.global_avg_pool 17
// B0-IMPORT-NEXT: top mnv3.linear 1
// B0-IMPORT-NEXT: top mnv3.mul 16
// B0-IMPORT-NEXT: top mnv3.sigmoid 16
// B0-IMPORT-NEXT: top mnv3.swish 49
// B0-IMPORT-NOT:  {{.}}

// B0:      @efficientnet_b0
// B0-NEXT: top mnv3.bneck 16
// B0-NEXT: top mnv3.constant 164
// B0-NEXT: top mnv3.conv2d 2
// B0-NEXT: top mnv3.flatten 1
// B0-NEXT: top mnv3.global_avg_pool 1
// B0-NEXT: top mnv3.linear 1
// B0-NEXT: in mnv3.bneck mnv3.add 9
// B0-NEXT: in mnv3.bneck mnv3.conv2d 47
// B0-NEXT: in mnv3.bneck mnv3.se 16
// B0-NEXT: in mnv3.bneck mnv3.yield 16
// B0-NOT:  {{.}}

// Every SE keeps the family's activation and gate; the stem, expansions,
// depthwise convs and head carry SiLU fused.
// B0-IR-LABEL: func.func @efficientnet_b0
// B0-IR: mnv3.conv2d %arg0, {{.*}} stride [2, 2] pad [1, 1] act swish : {{.*}} -> tensor<1x32x112x112xf32>
// B0-IR-COUNT-16: mnv3.se {{.*}} act swish gate sigmoid :
// B0-IR-NOT: mnv3.se
// B0-IR: mnv3.conv2d {{.*}} act swish : {{.*}} -> tensor<1x1280x7x7xf32>

// The TinyNet-style B0 (176 px, width 0.9, depth 0.8: B0's 16 blocks, as
// ceil(n * 0.8) = n for n <= 4) fuses the same way, its 11x11 -> 6x6
// stride-2 stage included.
// RUN: mnv3c import %models/tinynet_r08_w09_d08.mnv3 --passes=mnv3-default | mnv3-opt | %python %S/Inputs/count_ops.py | FileCheck %s --check-prefix=TINY
// TINY:      @tinynet_r08_w09_d08
// TINY-NEXT: top mnv3.bneck 16
// TINY-NEXT: top mnv3.constant 164
// TINY-NEXT: top mnv3.conv2d 2
// TINY-NEXT: top mnv3.flatten 1
// TINY-NEXT: top mnv3.global_avg_pool 1
// TINY-NEXT: top mnv3.linear 1
// TINY-NEXT: in mnv3.bneck mnv3.add 9
// TINY-NEXT: in mnv3.bneck mnv3.conv2d 47
// TINY-NEXT: in mnv3.bneck mnv3.se 16
// TINY-NEXT: in mnv3.bneck mnv3.yield 16
// TINY-NOT:  {{.}}

// MNASNet 1.0 (family mnasnet): its separable block and 16 stack blocks,
// bare modules all (no Conv2dNormActivation), become 17 mnv3.bneck; no
// batch_norm or relu is left at the top level.
// RUN: mnv3c import %models/mnasnet1_0.mnv3 | %python %S/Inputs/count_ops.py | FileCheck %s --check-prefix=MNASNET-IMPORT
// RUN: mnv3c import %models/mnasnet1_0.mnv3 --passes=mnv3-default | mnv3-opt | %python %S/Inputs/count_ops.py | FileCheck %s --check-prefix=MNASNET
// MNASNET-IMPORT:      @mnasnet1_0
// MNASNET-IMPORT-NEXT: top mnv3.add 10
// MNASNET-IMPORT-NEXT: top mnv3.batch_norm 52
// MNASNET-IMPORT-NEXT: top mnv3.constant 262
// MNASNET-IMPORT-NEXT: top mnv3.conv2d 52
// MNASNET-IMPORT-NEXT: top mnv3.flatten 1
// MNASNET-IMPORT-NEXT: top mnv3.global_avg_pool 1
// MNASNET-IMPORT-NEXT: top mnv3.linear 1
// MNASNET-IMPORT-NEXT: top mnv3.relu 35
// MNASNET-IMPORT-NOT:  {{.}}

// MNASNET:      @mnasnet1_0
// MNASNET-NEXT: top mnv3.bneck 17
// MNASNET-NEXT: top mnv3.constant 106
// MNASNET-NEXT: top mnv3.conv2d 2
// MNASNET-NEXT: top mnv3.flatten 1
// MNASNET-NEXT: top mnv3.global_avg_pool 1
// MNASNET-NEXT: top mnv3.linear 1
// MNASNET-NEXT: in mnv3.bneck mnv3.add 10
// MNASNET-NEXT: in mnv3.bneck mnv3.conv2d 50
// MNASNET-NEXT: in mnv3.bneck mnv3.yield 17
// MNASNET-NOT:  {{.}}
