// The device buffers JavaScript holds, by id. Ids are handed out in increasing order from 1 and never reused, so a
// stale id cannot reach another tensor's memory. One table per process (the addon is meant for the main thread).
#pragma once

#include <cstddef>
#include <cstdint>
#include <unordered_map>

namespace gen::addon {

struct Buffer {
  void* data;
  size_t bytes;
};

class BufferTable {
 public:
  /** Allocates device memory and returns the new buffer's id. */
  int64_t allocate(size_t bytes);
  /** Forgets the buffer and frees its memory; throws for an unknown id. */
  void free(int64_t id);
  /** The buffer with this id, or nullptr. */
  const Buffer* find(int64_t id) const;
  size_t bytesInUse() const { return bytesInUse_; }

 private:
  std::unordered_map<int64_t, Buffer> buffers_;
  int64_t nextId_ = 1;
  size_t bytesInUse_ = 0;
};

/** The process's table. */
BufferTable& buffers();

}  // namespace gen::addon
