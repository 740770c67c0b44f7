// quad_pass.cpp
#include "render/quad_pass.hpp"

#include <array>
#include <utility>

#include "render/vk_util.hpp"
#include "tw_shaders/tw_shaders.hpp"

namespace tw {

namespace {

struct Vertex {
  float clip[4];
  float uv[2];
};

}  // namespace

struct QuadPass::Impl {
  VkDevice dev = VK_NULL_HANDLE;
  VkDescriptorSetLayout set_layout = VK_NULL_HANDLE;
  VkPipelineLayout layout = VK_NULL_HANDLE;
  VkPipeline alpha = VK_NULL_HANDLE, additive = VK_NULL_HANDLE;
  VkSampler sampler = VK_NULL_HANDLE;
  VkDescriptorPool pool = VK_NULL_HANDLE;
  std::array<std::pair<VkImageView, VkDescriptorSet>, kMaxQuads> sets{};
  size_t set_count = 0;
  MappedBuffer vertices;

  ~Impl() {
    if (!dev) return;
    destroy_mapped_buffer(dev, vertices);
    if (pool) vkDestroyDescriptorPool(dev, pool, nullptr);
    if (sampler) vkDestroySampler(dev, sampler, nullptr);
    if (alpha) vkDestroyPipeline(dev, alpha, nullptr);
    if (additive) vkDestroyPipeline(dev, additive, nullptr);
    if (layout) vkDestroyPipelineLayout(dev, layout, nullptr);
    if (set_layout) vkDestroyDescriptorSetLayout(dev, set_layout, nullptr);
  }

  Status init(const CompositorTarget& t) {
    dev = t.device;
    auto sl = create_sampler_set_layout(dev);
    if (!sl) return sl.error();
    set_layout = sl.value();
    auto pl = create_pipeline_layout(dev, set_layout, 0, 0);
    if (!pl) return pl.error();
    layout = pl.value();
    VkVertexInputBindingDescription binding{0, sizeof(Vertex), VK_VERTEX_INPUT_RATE_VERTEX};
    VkVertexInputAttributeDescription attrs[2] = {{0, 0, VK_FORMAT_R32G32B32A32_SFLOAT, 0},
                                                  {1, 0, VK_FORMAT_R32G32_SFLOAT, 16}};
    PipelineDesc pd{.device = dev, .layout = layout, .render_pass = t.render_pass, .vs = shaders::k_composite_vert,
                    .fs = shaders::k_composite_frag, .binding = &binding, .attributes = attrs, .attribute_count = 2};
    auto a = create_pipeline(pd);
    if (!a) return a.error();
    alpha = a.value();
    pd.additive = true;
    auto d = create_pipeline(pd);
    if (!d) return d.error();
    additive = d.value();
    auto s = create_linear_sampler(dev);
    if (!s) return s.error();
    sampler = s.value();
    auto p = create_sampler_pool(dev, kMaxQuads);
    if (!p) return p.error();
    pool = p.value();
    auto vb = create_mapped_buffer(t.physical_device, dev, kMaxQuads * 6 * sizeof(Vertex),
                                   VK_BUFFER_USAGE_VERTEX_BUFFER_BIT);
    if (!vb) return vb.error();
    vertices = vb.value();
    return {};
  }

  Result<VkDescriptorSet> set_for(VkImageView view) {
    for (size_t i = 0; i < set_count; ++i)
      if (sets[i].first == view) return sets[i].second;
    if (set_count == kMaxQuads) return Error{Errc::too_large, "QuadPass: more than 64 distinct panel views"};
    auto set = allocate_sampler_set(dev, pool, set_layout, sampler, view);
    if (!set) return set.error();
    sets[set_count++] = {view, set.value()};
    return set.value();
  }

  Status record(VkCommandBuffer cmd, std::span<const CompositeQuad> quads, DisplayBlend blend) {
    if (quads.size() > kMaxQuads) return Error{Errc::too_large, "QuadPass: more than 64 quads"};
    if (quads.empty()) return {};
    auto* v = static_cast<Vertex*>(vertices.mapped);
    constexpr size_t kOrder[6] = {0, 1, 2, 0, 2, 3};
    constexpr float kUv[4][2] = {{0, 0}, {1, 0}, {1, 1}, {0, 1}};
    for (size_t q = 0; q < quads.size(); ++q)
      for (size_t k = 0; k < 6; ++k) {
        const glm::vec4& c = quads[q].clip[kOrder[k]];
        v[q * 6 + k] = {{c.x, c.y, c.z, c.w}, {kUv[kOrder[k]][0], kUv[kOrder[k]][1]}};
      }
    vkCmdBindPipeline(cmd, VK_PIPELINE_BIND_POINT_GRAPHICS, blend == DisplayBlend::additive ? additive : alpha);
    VkDeviceSize zero = 0;
    vkCmdBindVertexBuffers(cmd, 0, 1, &vertices.buffer, &zero);
    for (size_t q = 0; q < quads.size(); ++q) {
      auto set = set_for(quads[q].panel);
      if (!set) return set.error();
      vkCmdBindDescriptorSets(cmd, VK_PIPELINE_BIND_POINT_GRAPHICS, layout, 0, 1, &set.value(), 0, nullptr);
      vkCmdDraw(cmd, 6, 1, static_cast<uint32_t>(q * 6), 0);
    }
    return {};
  }
};

QuadPass::QuadPass(std::unique_ptr<Impl> impl) noexcept : impl_(std::move(impl)) {}
QuadPass::QuadPass(QuadPass&&) noexcept = default;
QuadPass& QuadPass::operator=(QuadPass&&) noexcept = default;
QuadPass::~QuadPass() = default;

Result<QuadPass> QuadPass::create(const CompositorTarget& target) {
  auto impl = std::make_unique<Impl>();
  if (Status s = impl->init(target); !s) return s.error();
  return QuadPass(std::move(impl));
}

Status QuadPass::record(VkCommandBuffer cmd, std::span<const CompositeQuad> quads, DisplayBlend blend) {
  return impl_->record(cmd, quads, blend);
}

}  // namespace tw
