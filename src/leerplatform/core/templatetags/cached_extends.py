"""Django's `{% extends %}` tag, with the root template's blocks found once per compiled template.

A template builtin (TEMPLATES OPTIONS "builtins"): it replaces Django's own `extends` tag in every
template, with the same syntax and the same rendering. Django's `ExtendsNode.render` walks the
whole node tree of the root template (`base.html`: every node of the page's frame) on every
render to find its `{% block %}`s; that tree never changes once compiled (the cached loader keeps
it; a reloaded template is a new object), so the blocks are found once and kept on it.
"""

from __future__ import annotations

from django import template
from django.template.base import TextNode
from django.template.loader_tags import (
    BLOCK_CONTEXT_KEY,
    BlockContext,
    BlockNode,
    ExtendsNode,
    do_extends,
)

register = template.Library()

_BLOCKS = "_leerplatform_root_blocks"  # the attribute of a compiled root template that keeps them


def _root_blocks(compiled_parent) -> dict[str, BlockNode] | None:
    """The blocks of a template that extends none (None if it extends another), by name."""
    kept = compiled_parent.__dict__.get(_BLOCKS, False)
    if kept is not False:
        return kept
    blocks = None
    for node in compiled_parent.nodelist:
        # As Django: the ExtendsNode has to be the first non-text node.
        if not isinstance(node, TextNode):
            if not isinstance(node, ExtendsNode):
                blocks = {n.name: n for n in compiled_parent.nodelist.get_nodes_by_type(BlockNode)}
            break
    setattr(compiled_parent, _BLOCKS, blocks)
    return blocks


class CachedExtendsNode(ExtendsNode):
    def render(self, context):
        # As Django's ExtendsNode.render, with the root's blocks kept.
        compiled_parent = self.get_parent(context)
        if BLOCK_CONTEXT_KEY not in context.render_context:
            context.render_context[BLOCK_CONTEXT_KEY] = BlockContext()
        block_context = context.render_context[BLOCK_CONTEXT_KEY]
        block_context.add_blocks(self.blocks)
        blocks = _root_blocks(compiled_parent)
        if blocks is not None:
            block_context.add_blocks(blocks)
        with context.render_context.push_state(compiled_parent, isolated_context=False):
            return compiled_parent._render(context)  # type: ignore[attr-defined]


@register.tag("extends")
def do_cached_extends(parser, token):
    node = do_extends(parser, token)
    return CachedExtendsNode(node.nodelist, node.parent_name, node.template_dirs)
