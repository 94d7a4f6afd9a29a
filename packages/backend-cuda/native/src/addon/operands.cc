#include "addon/operands.h"

#include "error.h"
#include "math/hd.h"

namespace gen::addon {
namespace {

std::string describeBuffer(const Operand& operand, int elementBytes) {
  return operand.label + " (buffer " + std::to_string(operand.id) + ", " + std::to_string(operand.buffer.bytes) +
         " bytes = " + std::to_string(operand.buffer.bytes / elementBytes) + " elements of " +
         std::to_string(elementBytes) + " bytes)";
}

}  // namespace

Operand lookUpOperand(const std::string& label, int64_t id) {
  const Buffer* buffer = buffers().find(id);
  if (buffer == nullptr) {
    throw Error(label + " is buffer " + std::to_string(id) +
                ", which is not allocated (freed already, or never allocated)");
  }
  return Operand{label, id, *buffer};
}

Operand readOperand(const CallArgs& args, size_t index) {
  return lookUpOperand(args.name(index), args.integer(index, 1, kMaxSafeInteger));
}

std::vector<int64_t> readShape(const CallArgs& args, size_t index) {
  std::vector<int64_t> shape = args.int32Array(index, kMaxRank);
  for (int64_t extent : shape) {
    if (extent < 0) args.fail(index, "must hold extents ≥ 0, got " + std::to_string(extent));
  }
  return shape;
}

std::vector<int64_t> readStrides(const CallArgs& args, size_t index, size_t rank) {
  std::vector<int64_t> strides = args.int32Array(index, kMaxRank);
  if (strides.size() != rank) {
    args.fail(index, "must have one stride per axis of the shape (" + std::to_string(rank) + "), got " +
                         std::to_string(strides.size()));
  }
  return strides;
}

int readElementBytes(const CallArgs& args, size_t index) {
  const int64_t bytes = args.integer(index, 1, 4);
  if (bytes != 1 && bytes != 4) args.fail(index, "must be 1 or 4, got " + std::to_string(bytes));
  return static_cast<int>(bytes);
}

int readDType(const CallArgs& args, size_t index) {
  return static_cast<int>(args.integer(index, kFloat32, kBool));
}

int64_t checkedProduct(const std::string& label, int64_t a, int64_t b) {
  int64_t product = 0;
  if (__builtin_mul_overflow(a, b, &product) || product > kMaxSafeInteger) {
    throw Error(label + " describes more than 2^53 elements");
  }
  return product;
}

int64_t shapeSize(const std::string& label, const std::vector<int64_t>& shape) {
  int64_t size = 1;
  for (int64_t extent : shape) size = checkedProduct(label, size, extent);
  return size;
}

void requireElements(const Operand& operand, int64_t count, int elementBytes) {
  const int64_t bytes = checkedProduct(operand.label, count, elementBytes);
  if (static_cast<uint64_t>(bytes) > operand.buffer.bytes) {
    throw Error(describeBuffer(operand, elementBytes) + " is too small: this call needs " + std::to_string(count) +
                " elements");
  }
}

ElementRange requireSpan(const Operand& operand, int64_t offset, const std::vector<int64_t>& shape,
                         const std::vector<int64_t>& strides, int elementBytes) {
  for (int64_t extent : shape) {
    if (extent == 0) return ElementRange{0, -1};
  }
  // Each term is below 2³¹·2³¹ = 2⁶², but eight of them can overflow: check every addition.
  int64_t least = offset;
  int64_t greatest = offset;
  for (size_t d = 0; d < shape.size(); ++d) {
    const int64_t reach = (shape[d] - 1) * strides[d];
    int64_t& bound = reach < 0 ? least : greatest;
    if (__builtin_add_overflow(bound, reach, &bound)) {
      throw Error(operand.label + " is addressed beyond 2^63 elements by its shape and strides");
    }
  }
  const int64_t elements = static_cast<int64_t>(operand.buffer.bytes / elementBytes);
  if (least < 0) {
    throw Error(describeBuffer(operand, elementBytes) + " would be accessed at element " + std::to_string(least) +
                ", before its start (check the offset and strides)");
  }
  if (greatest >= elements) {
    throw Error(describeBuffer(operand, elementBytes) + " would be accessed at element " + std::to_string(greatest) +
                ", past its end (check the offset, shape and strides)");
  }
  return ElementRange{least, greatest};
}

void requireSeparate(const Operand& out, const Operand& input) {
  if (out.id == input.id) {
    throw Error(out.label + " must not be the buffer of " + input.label + " (buffer " + std::to_string(out.id) +
                "): the GPU computes all elements at once, so it would read elements already overwritten");
  }
}

}  // namespace gen::addon
