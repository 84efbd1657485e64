"""The knowledge base: sourced, time-aware facts loaded from the package's data files."""

from coopsec.kb.cache import load_knowledge_base
from coopsec.kb.model import KnowledgeBase
from coopsec.kb.paths import default_data_dir

__all__ = ["KnowledgeBase", "default_data_dir", "load_knowledge_base"]
