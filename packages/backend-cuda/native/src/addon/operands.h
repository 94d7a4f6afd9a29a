// Buffer arguments and the bounds checks that make every kernel's reads and writes stay inside its buffers. A failed
// check throws gen::Error beginning with the operand's label (the argument's name, or "terms[2]").
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "addon/buffer_table.h"
#include "addon/call_args.h"

namespace gen::addon {

/** A buffer argument: how messages name it, its id and what the table holds for it. */
struct Operand {
  std::string label;
  int64_t id;
  Buffer buffer;
  template <class T = void>
  T* data() const {
    return static_cast<T*>(buffer.data);
  }
};

/** The allocated buffer `id`, or a thrown error naming it by `label`. */
Operand lookUpOperand(const std::string& label, int64_t id);

/** Reads argument `index` as the id of an allocated buffer. */
Operand readOperand(const CallArgs& args, size_t index);

/** A shape argument: an Int32Array of at most kMaxRank non-negative extents. */
std::vector<int64_t> readShape(const CallArgs& args, size_t index);

/** A strides argument: an Int32Array as long as the shape it goes with. */
std::vector<int64_t> readStrides(const CallArgs& args, size_t index, size_t rank);

/** An elementBytes argument: 1 or 4. */
int readElementBytes(const CallArgs& args, size_t index);

/** A dtype argument: a DTYPE_CODE (0 float32, 1 int32, 2 bool). */
int readDType(const CallArgs& args, size_t index);

/** a·b, or a thrown error naming `label` when the product passes 2⁵³. */
int64_t checkedProduct(const std::string& label, int64_t a, int64_t b);

/** Π shape, checked as above. */
int64_t shapeSize(const std::string& label, const std::vector<int64_t>& shape);

/** Requires the buffer to hold at least `count` elements of `elementBytes`. */
void requireElements(const Operand& operand, int64_t count, int elementBytes);

/** Elements first..last of a buffer (inclusive); empty when last < first. */
struct ElementRange {
  int64_t first;
  int64_t last;
  bool empty() const { return last < first; }
  bool overlaps(const ElementRange& other) const {
    return !empty() && !other.empty() && first <= other.last && other.first <= last;
  }
};

/**
 * Requires offset + Σ_d c[d]·strides[d] to lie inside the buffer for every coordinate c < shape: the extremes are
 * offset plus the negative (least) or positive (greatest) terms (shape[d] − 1)·strides[d]. Nothing is accessed
 * when an extent is 0, and then nothing is required. Returns the range between the extremes (empty when an extent
 * is 0).
 */
ElementRange requireSpan(const Operand& operand, int64_t offset, const std::vector<int64_t>& shape,
                         const std::vector<int64_t>& strides, int elementBytes);

/**
 * Requires `out` and `input` to be different buffers. For the calls whose output element i is not computed from
 * input element i alone (or whose elements differ in size): on the GPU, all elements are computed at once, so
 * writing the buffer being read would make the result depend on thread timing.
 */
void requireSeparate(const Operand& out, const Operand& input);

}  // namespace gen::addon
