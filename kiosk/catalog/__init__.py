"""The catalogue at the terminal: finding an item (search), what an item asks of a citizen
(details, the printed guide) and the current catalogue with its search index. Qt-free."""
