"""England's SSDA903 looked-after return, read as councils produce it (issue 15).

`layouts` recognises each 903 file by its header row; `codes` holds the code sets
(codes.toml: DfE's meanings and what each becomes here); `episodes`, `people` and
`leavers` translate the files into this product's tables, quarantining what breaks
the return's rules; `read` reads a whole return (its files depend on each other).
"""
