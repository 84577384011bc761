same_quotes = f'{'nested'}'
deeper = f"{f"{f"{x}"}"}"
backslash = f'{"\n".join(lines)}'
multiline = f'{
    value
    + 1
}'
comment = f'''{
    value  # a comment inside the field
}'''
spec = f'{value:{width}}' f'{value!r:>{width}.{precision}}'
