#include "addon/buffer_table.h"

#include <string>

#include "device/device.h"
#include "error.h"

namespace gen::addon {

int64_t BufferTable::allocate(size_t bytes) {
  void* data = device::allocate(bytes);
  const int64_t id = nextId_++;
  buffers_.emplace(id, Buffer{data, bytes});
  bytesInUse_ += bytes;
  return id;
}

void BufferTable::free(int64_t id) {
  const auto entry = buffers_.find(id);
  if (entry == buffers_.end()) {
    throw Error("buffer " + std::to_string(id) + " is not allocated (freed already, or never allocated)");
  }
  const Buffer buffer = entry->second;
  // Forget it first: if the device reports an error, the id must not stay usable.
  buffers_.erase(entry);
  bytesInUse_ -= buffer.bytes;
  device::release(buffer.data);
}

const Buffer* BufferTable::find(int64_t id) const {
  const auto entry = buffers_.find(id);
  return entry == buffers_.end() ? nullptr : &entry->second;
}

BufferTable& buffers() {
  static BufferTable table;
  return table;
}

}  // namespace gen::addon
